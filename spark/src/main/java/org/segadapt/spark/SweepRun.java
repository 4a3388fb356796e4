package org.segadapt.spark;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.segadapt.cli.Main;
import org.segadapt.data.SegmentationDataset;
import org.segadapt.data.labels.ClassSet;
import org.segadapt.eval.ConfusionMatrix;
import org.segadapt.eval.Evaluator;
import org.segadapt.eval.IoUReport;
import org.segadapt.infer.Segmenter;
import org.segadapt.io.AtomicFile;
import org.segadapt.run.Preset;
import org.segadapt.run.Runner;

/**
 * One run of a sweep, in its own JVM (a {@code sweep} task starts it): trains the run with core's CLI, or resumes it
 * from its last checkpoint when its folder already holds a configuration (a retried task), then evaluates it once into
 * {@code eval-target.json}, the file {@code reproduce} caches per run ({@code "19"}, {@code "16"}, {@code "13"}).
 * A finished run (that file present) is left alone. Spark-free: only core is needed on its class path.
 * <pre>SweepRun RUN VAL VAL_SPLIT THREADS PRESET SEED [train/adapt options...]</pre>
 */
public final class SweepRun {
    static final String RESULT = "eval-target.json";

    private SweepRun() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws Exception {
        Path run = Path.of(args[0]);
        String val = args[1], valSplit = args[2], threads = args[3], preset = args[4], seed = args[5];
        List<String> extra = Arrays.asList(args).subList(6, args.length);
        if (Files.isRegularFile(run.resolve(RESULT))) {
            return 0;
        }
        String method = Preset.load(preset).method();
        String command = "source-only".equals(method) ? "train" : "adapt";
        List<String> cli = new ArrayList<>(List.of(command));
        if (Files.isRegularFile(run.resolve("config.yaml"))) {
            cli.addAll(List.of("--resume", run.toString())); // an earlier attempt started it: continue from its checkpoint
        } else {
            cli.addAll(List.of("--preset", preset, "--set", "seed=" + seed));
            cli.addAll(extra);
            cli.addAll(List.of("--out", run.toString()));
        }
        cli.addAll(List.of("--threads", threads, "--no-progress"));
        System.err.println("sweep run: " + String.join(" ", cli));
        int rc = Main.execute(cli.toArray(String[]::new));
        if (rc != 0) {
            return rc;
        }
        // as evaluate: the checkpoint with BatchNorm folded, every image, one matrix for the three protocols
        SegmentationDataset ds = Runner.open(val, valSplit, "none");
        Map<String, IoUReport> r = new LinkedHashMap<>();
        int d = extra.indexOf("--device");
        Device device = Device.fromName(d >= 0 && d + 1 < extra.size() ? extra.get(d + 1) : "cpu");
        try (Segmenter s = Segmenter.load(run, device)) {
            ConfusionMatrix cm = new Evaluator(s).confusion(ds, 0);
            for (ClassSet cs : ClassSet.values()) {
                r.put(Integer.toString(cs.size()), IoUReport.of(cm, cs, ds.size()));
            }
        }
        ObjectMapper json = new ObjectMapper();
        AtomicFile.write(run.resolve(RESULT), o -> json.writerWithDefaultPrettyPrinter().writeValue(o, r));
        return 0;
    }
}
