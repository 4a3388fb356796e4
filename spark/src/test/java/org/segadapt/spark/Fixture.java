package org.segadapt.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.segadapt.cli.Main;
import org.segadapt.data.streets.StreetBenchmark;

/**
 * A tiny benchmark and a 3-iteration source-only checkpoint, made once per test JVM. Every command runs with
 * {@code --threads 1}: libtorch's thread count is fixed when the engine first starts, and equal results need equal counts.
 */
final class Fixture {
    static final String[] RUN = {"--crop", "32x64", "--batch", "2", "--no-progress", "--threads", "1", "--workers", "1"};
    private static Fixture instance;

    final Path root;
    final Path data;
    final Path checkpoint;

    private Fixture(Path root) throws IOException {
        this.root = root;
        this.data = root.resolve("streets");
        StreetBenchmark.generate(data, new StreetBenchmark.Spec(32, 64, 6, 5, 5, 7));
        this.checkpoint = root.resolve("src");
        int rc = Main.execute(concat(new String[] {"train", "--source", source(), "--model", "small", "--iters", "3", "--lr", "0.01",
            "--out", checkpoint.toString()}, RUN));
        if (rc != 0) {
            throw new IllegalStateException("fixture training failed");
        }
    }

    static synchronized Fixture get() throws IOException {
        if (instance == null) {
            Files.createDirectories(Path.of("target"));
            instance = new Fixture(Files.createTempDirectory(Path.of("target").toAbsolutePath(), "spark-fixture-"));
        }
        return instance;
    }

    String source() {
        return "gta5:" + data.resolve("source");
    }

    String target() {
        return "cityscapes:" + data.resolve("target");
    }

    static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** Exit code and what went to stderr while {@code r} ran. */
    record Outcome(int rc, String err) {}

    static synchronized Outcome capturingErr(java.util.concurrent.Callable<Integer> r) throws Exception {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        try {
            return new Outcome(r.call(), buf.toString());
        } finally {
            System.setErr(old);
        }
    }
}
