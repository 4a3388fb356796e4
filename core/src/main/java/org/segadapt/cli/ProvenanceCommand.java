package org.segadapt.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import org.segadapt.run.Provenance;
import org.segadapt.train.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code provenance RUN}: where a run comes from, followed back through its parent runs. */
@Command(name = "provenance", mixinStandardHelpOptions = true,
        description = "Show a run's provenance (versions, device, datasets, parents) and its parents', checking every fingerprint.",
        footer = "%nExample:%n  ./segadapt provenance runs/cim")
public final class ProvenanceCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RUN", description = "run folder or checkpoint folder")
    Path run;

    @Override
    public Integer call() throws IOException {
        Checkpoint.resolve(run); // a clear error for a folder that is not a run
        show(run, "", new HashSet<>());
        return 0;
    }

    private static void show(Path run, String indent, Set<Path> seen) throws IOException {
        Path ck = Checkpoint.resolve(run);
        Checkpoint.Meta meta = Checkpoint.readMeta(ck);
        System.out.printf("%s%s: %s, %s, iteration %d of %d, fingerprint %s%n", indent, run, meta.method(), meta.model(), meta.iteration(),
                meta.totalIterations(), Provenance.fingerprint(ck));
        Provenance p = Provenance.read(ck);
        if (p == null) {
            System.out.println(indent + "  (no provenance recorded: a run of segadapt 0.1.0)");
            return;
        }
        for (String line : p.lines()) {
            System.out.println(indent + "  " + line.replace("`", ""));
        }
        for (Provenance.Parent parent : p.parents()) {
            Path pp = Path.of(parent.path());
            boolean isRun = Files.isRegularFile(pp.resolve("latest")) || Files.isRegularFile(pp.resolve("state.json"));
            if (isRun && !Provenance.fingerprint(pp).equals(parent.fingerprint())) {
                System.out.printf("%s  warning: %s has changed since (fingerprint now %s)%n", indent, pp, Provenance.fingerprint(pp));
            }
            if (isRun && seen.add(pp.toAbsolutePath().normalize())) {
                show(pp, indent + "  ", seen);
            }
        }
    }
}
