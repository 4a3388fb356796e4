package org.segadapt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input at the command line: a non-zero exit, one line naming the problem, nothing half-written. */
class CliErrorsTest {
    private static String[] run(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        try {
            int code = Main.execute(args);
            return new String[] {Integer.toString(code), buf.toString()};
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void missingDatasetFolderIsNamed(@TempDir Path tmp) {
        Path missing = tmp.resolve("nowhere");
        String[] r = run("train", "--source", "gta5:" + missing, "--model", "small", "--iters", "1", "--out", tmp.resolve("run").toString(),
                "--no-progress");
        assertThat(r[0]).isNotEqualTo("0");
        assertThat(r[1]).contains("error:").contains("nowhere");
        assertThat(tmp.resolve("run")).doesNotExist();
    }

    @Test
    void aFirstSeedOutsideTheSeedsIsRefusedBeforeAnythingIsWritten(@TempDir Path tmp) {
        String[] r = run("reproduce", "--table", "1", "--seeds", "3", "--first-seed", "4", "--data", tmp.resolve("streets").toString(),
                "--out", tmp.resolve("runs").toString());
        assertThat(r[0]).isNotEqualTo("0");
        assertThat(r[1]).contains("--first-seed must be in 1..3");
        assertThat(tmp.resolve("streets")).doesNotExist();
        assertThat(tmp.resolve("runs")).doesNotExist();
    }

    @Test
    void classWeightsAreRefusedByNameForCadaTablesAndUnknownNames(@TempDir Path tmp) {
        String[] r = run("reproduce", "--table", "cada2", "--class-weights", "middle", "--data", tmp.resolve("streets").toString(),
                "--out", tmp.resolve("runs").toString());
        assertThat(r[0]).isNotEqualTo("0");
        assertThat(r[1]).contains("--class-weights").contains("CaDA");
        r = run("reproduce", "--table", "1", "--class-weights", "huge", "--data", tmp.resolve("streets").toString(),
                "--out", tmp.resolve("runs").toString());
        assertThat(r[0]).isNotEqualTo("0");
        assertThat(r[1]).contains("--class-weights").contains("huge");
        assertThat(tmp.resolve("streets")).doesNotExist();
        assertThat(tmp.resolve("runs")).doesNotExist();
    }

    @Test
    void unknownKindAndBadProtocolAreRefused(@TempDir Path tmp) {
        String[] r = run("evaluate", "--checkpoint", tmp.toString(), "--data", "kitti:" + tmp, "--classes", "17");
        assertThat(r[0]).isNotEqualTo("0");
        assertThat(r[1]).contains("19, 16 or 13");
        r = run("evaluate", "--checkpoint", tmp.toString(), "--data", "kitti:" + tmp);
        assertThat(r[1]).contains("kitti");
    }

    @Test
    void aFolderThatIsNotARunIsNamedAndNothingIsWritten(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("pred");
        Path img = tmp.resolve("img");
        Files.createDirectories(img);
        org.segadapt.data.Png.writeRgb(img.resolve("a.png"), 4, 4, new float[48]);
        String[] r = run("predict", "--checkpoint", tmp.resolve("norun").toString(), "--input", img.toString(), "--out", out.toString());
        assertThat(r[0]).isNotEqualTo("0");
        assertThat(r[1]).contains("norun");
        assertThat(out).doesNotExist();
    }

    @Test
    void anExistingRunIsNotOverwritten(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("config.yaml"), "method: x\n");
        String[] r = run("train", "--source", "gta5:" + tmp, "--model", "small", "--out", tmp.toString());
        assertThat(r[0]).isNotEqualTo("0");
        assertThat(r[1]).contains("already holds a run");
        assertThat(Files.readString(tmp.resolve("config.yaml"))).isEqualTo("method: x\n");
    }
}
