package org.segadapt.data.streets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segadapt.cli.GenerateCommand;
import picocli.CommandLine;

/** The {@code generate} command end to end at a tiny size (lives here because the streets package owns it). */
class GenerateCommandTest {
    @TempDir
    Path tmp;

    private String run(int expectedExit, String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            CommandLine cl = new CommandLine(new GenerateCommand());
            cl.setErr(new java.io.PrintWriter(buf, true));
            assertThat(cl.execute(args)).isEqualTo(expectedExit);
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesTheBenchmarkAndPrintsClassFrequencies() {
        Path out = tmp.resolve("streets");
        String text = run(0, "--out", out.toString(), "--size", "32x64", "--source", "2", "--target-train", "2",
                "--target-val", "1", "--seed", "3");
        assertThat(text).contains("wrote", "road", "bicycle", "source", "target");
        assertThat(StreetBenchmark.readManifest(out)).hasValueSatisfying(
                m -> assertThat(m.spec()).isEqualTo(new StreetBenchmark.Spec(32, 64, 2, 2, 1, 3)));
        assertThat(StreetBenchmark.targetImage(out, "val", 0)).exists();

        String again = run(0, "--out", out.toString(), "--size", "32x64", "--source", "2", "--target-train", "2",
                "--target-val", "1", "--seed", "3");
        assertThat(again).startsWith("up to date");
    }

    @Test
    void rejectsAMalformedSize() {
        String text = run(1, "--out", tmp.resolve("x").toString(), "--size", "32by64");
        assertThat(text).contains("--size", "32by64");
        assertThat(tmp.resolve("x")).doesNotExist();
    }
}
