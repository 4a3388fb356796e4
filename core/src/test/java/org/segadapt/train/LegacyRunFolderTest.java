package org.segadapt.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segadapt.data.streets.StreetBenchmark;
import org.segadapt.infer.Segmentation;
import org.segadapt.infer.Segmenter;
import org.segadapt.run.RunSpec;

/**
 * Run folders written by segadapt 0.1.0 (commit f45bb40; how the fixture was made: {@code legacy-0.1.0/README.md}):
 * a finished stage-1 run and a stage-2 run stopped at its iteration-2 checkpoint, whose checkpoints name the method
 * {@code cross-domain-mixing} and carry no provenance. They evaluate, predict and resume; the resumed run logs what
 * 0.1.0's uninterrupted run logged, to the last digit.
 */
class LegacyRunFolderTest {
    static final String WRITTEN_AT = "/tmp/segadapt-legacy";
    @TempDir
    static Path tmp;
    static Path runs;

    @BeforeAll
    static void fixture() throws Exception {
        // the benchmark the fixture trained on: the generator is deterministic, so it is made again, not stored
        StreetBenchmark.generate(tmp.resolve("data"), new StreetBenchmark.Spec(32, 64, 6, 4, 2, 3, StreetBenchmark.Spec.STRESS_GAP)); // 0.1.0 generated at the full gap
        Path from = Path.of(LegacyRunFolderTest.class.getResource("/legacy-0.1.0/runs").toURI());
        runs = tmp.resolve("runs");
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path to = runs.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else if (p.getFileName().toString().equals(RunSpec.FILE)) {
                    Files.writeString(to, Files.readString(p).replace(WRITTEN_AT, tmp.toString())); // the folders moved
                } else {
                    Files.copy(p, to);
                }
            }
        }
    }

    @Test
    void aLegacyRunEvaluatesAndPredicts() throws Exception {
        Path json = tmp.resolve("eval.json");
        run("evaluate", "--checkpoint", runs.resolve("cim").toString(), "--data", "cityscapes:" + tmp.resolve("data/target"),
                "--json", json.toString());
        assertThat(Files.readString(json)).contains("\"mIoU\"").contains("checkpointFingerprint");
        run("predict", "--checkpoint", runs.resolve("focal").toString(), "--input", tmp.resolve("data/target/leftImg8bit/val").toString(),
                "--out", tmp.resolve("pred").toString());
        try (Stream<Path> s = Files.list(tmp.resolve("pred"))) {
            assertThat(s.filter(p -> p.toString().endsWith("_trainid.png")).count()).isEqualTo(2);
        }
        try (Segmenter s = Segmenter.load(runs.resolve("cim"), Device.cpu())) {
            Segmentation seg = s.segment(new java.awt.image.BufferedImage(64, 32, java.awt.image.BufferedImage.TYPE_INT_RGB));
            byte[] ids = seg.trainIds();
            assertThat(ids).hasSize(32 * 64);
            for (byte id : ids) {
                assertThat((int) id).isBetween(0, 18);
            }
        }
    }

    @Test
    void aStoppedLegacyStage2RunResumesAsTheUninterruptedRunTrained() throws Exception {
        Path cim = runs.resolve("cim");
        assertThat(Files.readAllLines(cim.resolve("metrics.csv"))).hasSize(4); // killed inside iteration 4: row 3 is after the checkpoint
        run("adapt", "--resume", cim.toString(), "--threads", "1", "--no-progress");
        Path straight = Path.of(LegacyRunFolderTest.class.getResource("/legacy-0.1.0/cim-straight-metrics.csv").toURI());
        assertThat(Files.readAllLines(cim.resolve("metrics.csv"))).isEqualTo(Files.readAllLines(straight));
        assertThat(Checkpoint.readMeta(cim).iteration()).isEqualTo(4);
        assertThat(Files.exists(Checkpoint.resolve(cim).resolve("provenance.json"))).isTrue();
    }

    /** A command in its own JVM, as 0.1.0 ran it (one intra-op thread: bits depend on the thread count). */
    private static void run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), "org.segadapt.cli.Main"));
        cmd.addAll(List.of(args));
        if (!List.of(args).contains("--threads")) {
            cmd.addAll(List.of("--threads", "1"));
        }
        Path log = tmp.resolve("child.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", args) + ": " + Files.readString(log)).isZero();
    }
}
