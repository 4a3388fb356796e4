package org.segadapt.model.weights;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segadapt.cli.ExportWeightsCommand;
import org.segadapt.cli.ImportWeightsCommand;
import org.segadapt.model.InputNorm;
import org.segadapt.model.SegmentationModel;
import org.segadapt.train.Checkpoint;
import picocli.CommandLine;

class WeightsCommandsTest {
    @TempDir
    Path dir;

    private static int run(Object command, StringWriter err, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.setErr(new PrintWriter(err));
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("error: " + ex.getMessage());
            return 1;
        });
        return cli.execute(args);
    }

    @Test
    void importThenExportGivesTheSameFileAndTheCheckpointPredictsLikeTheSource() throws Exception {
        Path original = dir.resolve("original.safetensors");
        Path exported = dir.resolve("exported.safetensors");
        Path run = dir.resolve("run");
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationModel a = WeightsTest.small(m, 21);
            a.setInputNorm(InputNorm.CAFFE_BGR);
            Weights.save(a, original);
            StringWriter err = new StringWriter();
            assertThat(run(new ImportWeightsCommand(), err, "--model", "small", "--from", original.toString(), "--out", run.toString(),
                    "--input-norm", "caffe-bgr")).as(err.toString()).isZero();
            Checkpoint.Meta meta = Checkpoint.readMeta(run);
            assertThat(meta.model()).isEqualTo("small");
            assertThat(meta.inputNorm()).isEqualTo("caffe-bgr");
            assertThat(meta.method()).isEqualTo("imported");
            assertThat(run(new ExportWeightsCommand(), err, "--checkpoint", run.toString(), "--out", exported.toString()))
                    .as(err.toString()).isZero();
            assertThat(Files.readAllBytes(exported)).isEqualTo(Files.readAllBytes(original));

            Checkpoint.Loaded ck = Checkpoint.load(run, m);
            var x = m.randomUniform(0f, 1f, new ai.djl.ndarray.types.Shape(1, 3, 32, 48));
            assertThat(WeightsTest.logits(ck.model(), m, x)).isEqualTo(WeightsTest.logits(a, m, x));
        }
    }

    @Test
    void strictImportFailsWithTheNamesAndWritesNoCheckpoint() throws Exception {
        Path f = dir.resolve("other.safetensors");
        new RawSafetensors().f32("stem.conv.weight", new long[] {1}, 1f).f32("head.weight", new long[] {1}, 1f).write(f);
        Path run = dir.resolve("run");
        StringWriter err = new StringWriter();
        assertThat(run(new ImportWeightsCommand(), err, "--model", "small", "--from", f.toString(), "--out", run.toString())).isEqualTo(1);
        assertThat(err.toString()).contains(f.toString()).contains("head.weight").contains("classifier.{weight, bias}")
                .contains("stem.conv.weight: file (1), model (16, 3, 3, 3)");
        assertThat(run.resolve("latest")).doesNotExist();
    }
}
