package org.segadapt.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is one line naming the option or file, a non-zero exit and no stack trace. */
class BadInputTest {
    @Test
    void missingCheckpointEmptyDatasetAndBadMaster(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.get();
        Path empty = tmp.resolve("empty");
        Files.createDirectories(empty.resolve("leftImg8bit/val"));
        Files.createDirectories(empty.resolve("gtFine/val"));
        assertOneLineError(tmp.resolve("nothing") + ": not a run or checkpoint folder", "spark-evaluate", "--checkpoint",
                tmp.resolve("nothing").toString(), "--data", f.target());
        assertOneLineError("--master nonsense", "spark-evaluate", "--checkpoint", f.checkpoint.toString(), "--data", f.target(),
                "--master", "nonsense", "--threads", "1");
        assertOneLineError("no image/label pairs found", "spark-evaluate", "--checkpoint", f.checkpoint.toString(), "--data", "cityscapes:" + empty);
        assertOneLineError("no image/label pairs found", "spark-pseudo-label", "--checkpoint", f.checkpoint.toString(), "--target",
                "cityscapes:" + empty, "--split", "val", "--margin", "0", "--out", tmp.resolve("p").toString());
        assertOneLineError("--input " + empty.resolve("leftImg8bit") + ": no PNG or JPEG images found", "spark-predict", "--checkpoint",
                f.checkpoint.toString(), "--input", empty.resolve("leftImg8bit").toString(), "--out", tmp.resolve("o").toString());
        assertOneLineError("--preset no/such", "sweep", "--preset", "no/such", "--val", f.target(), "--out", tmp.resolve("s").toString());
    }

    private static void assertOneLineError(String expected, String... args) throws Exception {
        Fixture.Outcome o = Fixture.capturingErr(() -> SparkMain.execute(args));
        assertThat(o.rc()).as(String.join(" ", args)).isNotZero();
        String errorLine = o.err().lines().filter(l -> l.startsWith("error: ")).findFirst().orElse("");
        assertThat(errorLine).as(o.err()).contains(expected);
        assertThat(o.err()).doesNotContain("\tat ").doesNotContain("Exception in");
    }
}
