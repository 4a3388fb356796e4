package org.segadapt.translate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.segadapt.data.Png;
import org.segadapt.data.Sample;
import org.segadapt.data.sets.PngPairDataset;
import org.segadapt.io.AtomicFile;
import org.segadapt.run.Provenance;

/**
 * Writes a translated copy of a labelled source dataset: every image translated into the same relative path under
 * {@code out} (so {@code gta5:OUT} or {@code synthia:OUT} reads it like the original), every label copied byte for byte
 * (SYNTHIA's 16-bit labels untouched). Each file is written atomically; {@code translation.json} records the method,
 * its parameters and the inputs' fingerprints, and says {@code complete} only after the last image, so a translation
 * that was interrupted continues where it stopped when run again with the same inputs and parameters.
 */
public final class Translation {
    public static final String MANIFEST = "translation.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Translates one source image (RGB in [0,1], channel-first) into the target's style; {@code index} seeds its draws. */
    public interface Translator {
        String method();

        /** What determines the output besides the source (β, seed, the target's and the generator's fingerprints …). */
        Map<String, Object> parameters();

        float[] translate(Sample source, int index) throws IOException;
    }

    /** {@code translation.json}. */
    public record Manifest(String method, Map<String, Object> parameters, String source, String sourceFingerprint, int images,
            boolean complete) {}

    /** What a run did: images translated now, images found finished, seconds. */
    public record Result(int translated, int skipped, double seconds) {}

    private Translation() {}

    /**
     * @param source     the source dataset (its pairs' files lie under {@code sourceRoot})
     * @param sourceSpec the source as written on the command line, for the manifest
     */
    public static Result run(PngPairDataset source, String sourceSpec, Path sourceRoot, Translator translator, Path out, boolean progress)
            throws IOException {
        Path root = sourceRoot.toAbsolutePath().normalize();
        if (out.toAbsolutePath().normalize().equals(root)) {
            throw new IllegalArgumentException("--out " + out + " is the source folder; translation writes a copy");
        }
        Manifest manifest = new Manifest(translator.method(), new LinkedHashMap<>(translator.parameters()), sourceSpec,
                Provenance.fingerprint(source), source.size(), false);
        Path file = out.resolve(MANIFEST);
        if (Files.exists(file)) {
            Manifest old = read(file);
            if (!sameTranslation(old, manifest)) {
                throw new IllegalArgumentException(out + " holds a translation with other inputs or parameters (" + file
                        + ": " + old.method() + " " + old.parameters() + " of " + old.source() + "); use another --out");
            }
        } else if (nonEmptyFolder(out)) {
            throw new IllegalArgumentException("--out " + out + " exists and is not a translation folder (no " + MANIFEST + ")");
        }
        write(file, manifest);
        long t0 = System.nanoTime();
        int done = 0, skipped = 0;
        try (ProgressBar bar = progress ? bar(translator.method(), source.size()) : null) {
            for (int i = 0; i < source.size(); i++) {
                PngPairDataset.Pair p = source.pairs().get(i);
                Path image = out.resolve(relative(root, p.image())), label = out.resolve(relative(root, p.label()));
                if (Files.exists(image) && Files.exists(label)) {
                    skipped++;
                } else {
                    Sample s = source.get(i);
                    Png.writeRgb(image, s.height(), s.width(), translator.translate(s, i));
                    copy(p.label(), label);
                    done++;
                }
                if (bar != null) {
                    bar.step();
                }
            }
        }
        write(file, new Manifest(manifest.method(), manifest.parameters(), sourceSpec, manifest.sourceFingerprint(), source.size(), true));
        return new Result(done, skipped, (System.nanoTime() - t0) / 1e9);
    }

    public static Manifest read(Path file) throws IOException {
        try {
            return JSON.readValue(file.toFile(), Manifest.class);
        } catch (IOException e) {
            throw new IOException(file + ": unreadable translation manifest (" + e.getMessage() + ")", e);
        }
    }

    /** The same method, parameters and source files (the source may be named by another path). */
    private static boolean sameTranslation(Manifest a, Manifest b) {
        return a.method().equals(b.method()) && Objects.equals(asRead(a.parameters()), asRead(b.parameters()))
                && a.sourceFingerprint().equals(b.sourceFingerprint());
    }

    /** Values as the manifest file gives them back (a long seed reads back as an int). */
    private static Object asRead(Map<String, Object> parameters) {
        try {
            return JSON.readTree(JSON.writeValueAsString(parameters));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean nonEmptyFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }

    private static Path relative(Path root, Path file) {
        Path f = file.toAbsolutePath().normalize();
        if (!f.startsWith(root)) {
            throw new IllegalStateException(file + " is not under the source folder " + root);
        }
        return root.relativize(f);
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(to.toAbsolutePath().getParent(), ".tmp-", ".png");
        try {
            Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void write(Path file, Manifest m) throws IOException {
        AtomicFile.write(file, o -> JSON.writeValue(o, m));
    }

    private static ProgressBar bar(String name, int total) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName("translate (" + name + ")").setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).setUnit(" img", 1);
        if (System.console() == null) {
            b.setConsumer(new me.tongfei.progressbar.DelegatingProgressBarConsumer(System.err::println)).setUpdateIntervalMillis(10_000);
        }
        return b.build();
    }
}
