package org.segadapt.method.cada;

import org.segadapt.run.PseudoLabeller;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segadapt.cli.PseudoLabelCommand;
import org.segadapt.cli.SelfTrainCommand;
import org.segadapt.run.RunSpec;
import org.segadapt.data.Batch;
import org.segadapt.data.DataFixtures;
import org.segadapt.method.SelfTraining;
import org.segadapt.method.StyleAdversarial;
import org.segadapt.train.Checkpoint;
import org.segadapt.train.TrainLoop;
import picocli.CommandLine;

class SelfTrainingRoundsTest {
    @Test
    void selfTrainingLossIsFiniteAndIgnoresUnselectedPixels() {
        Batch labelled = CadaFixtures.batch(2, 32, 64, 3, 0.1f, true);
        byte[] none = new byte[labelled.labels().length];
        java.util.Arrays.fill(none, (byte) 255);
        Batch unselected = new Batch(2, 32, 64, labelled.images(), none, labelled.names());
        try (NDManager m = NDManager.newBaseManager()) {
            var st = SelfTraining.create(CadaFixtures.small(m, 2), m, 0.01f, 5, 10f, () -> labelled);
            for (int it = 0; it < 2; it++) {
                try (NDManager step = m.newSubManager()) {
                    assertThat(st.step(it, step).get("L_ssl")).isFinite().isPositive();
                }
            }
            var empty = SelfTraining.create(CadaFixtures.small(m, 2), m, 0.01f, 5, 10f, () -> unselected);
            try (NDManager step = m.newSubManager()) {
                assertThat(empty.step(0, step).get("L_ssl")).isZero(); // m = 0 everywhere
            }
        }
    }

    @Test
    void adaptPseudoLabelAndTwoSelfTrainingRounds(@TempDir Path tmp) throws IOException {
        Path cs = tmp.resolve("cs");
        DataFixtures.cityscapes(cs, "train", "aachen", "aachen_000000_000019", 32, 64, null, 1);
        DataFixtures.cityscapes(cs, "train", "bremen", "bremen_000001_000019", 32, 64, null, 2);
        Path adapted = tmp.resolve("cada");
        Batch source = CadaFixtures.batch(1, 32, 64, 1, 0f, true), target = CadaFixtures.batch(1, 32, 64, 2, 0.2f, false);
        try (NDManager m = NDManager.newBaseManager()) {
            StyleAdversarial.Options o = StyleAdversarial.Options.paper();
            o = new StyleAdversarial.Options(o.styleMode(), true, 1f, 1e-3f, 1e-3f, 1e-4f, 16, 10f, 8, 50_000, false);
            StyleAdversarial cada = StyleAdversarial.create(CadaFixtures.small(m, 1), m, 0.01f, 2, () -> source, () -> target, o);
            TrainLoop.run(cada, m, adapted, new TrainLoop.Options(2, 0, false), 0);
        }
        Path ckpt = Checkpoint.resolve(adapted);
        for (String f : new String[] {"model.params", "D_c.params", "D_f1.params", "D_f2.params", "optimizer.ndlist"}) {
            assertThat(ckpt.resolve(f)).exists();
        }

        Path pseudo = tmp.resolve("pseudo");
        int rc = new CommandLine(new PseudoLabelCommand()).execute("--checkpoint", adapted.toString(), "--target", "cityscapes:" + cs,
                "--margin", "0.05", "--out", pseudo.toString());
        assertThat(rc).isZero();
        assertThat(pseudo.resolve("summary.json")).exists();

        Path ssl = tmp.resolve("ssl");
        String[] args = {"--init", adapted.toString(), "--pseudo", pseudo.toString(), "--target", "cityscapes:" + cs,
            "--out", ssl.toString(), "--rounds", "2", "--iters", "2", "--batch", "1", "--crop", "32x64", "--scale", "1,1",
            "--workers", "1", "--checkpoint-every", "0", "--no-progress"};
        assertThat(new CommandLine(new SelfTrainCommand()).execute(args)).isZero();
        for (int k = 1; k <= 2; k++) {
            Path round = ssl.resolve("round-" + k);
            assertThat(Checkpoint.readMeta(round).iteration()).isEqualTo(2);
            assertThat(Checkpoint.readMeta(round).method()).isEqualTo("cada-ssl");
            assertThat(round.resolve("pseudo/summary.json")).exists();
            assertThat(round.resolve("report.md")).exists();
        }
        RunSpec second = RunSpec.load(ssl.resolve("round-2"));
        assertThat(second.target()).isEqualTo("cityscapes:" + ssl.resolve("round-1/pseudo"));
        assertThat(second.init()).isEqualTo(ssl.resolve("round-1").toString());
        assertThat(second.params()).containsEntry("entropyMargin", 0.05);
        assertThat(PseudoLabeller.margin(ssl.resolve("round-2/pseudo"))).isEqualTo(0.05);

        // a second invocation finds every round done and changes nothing
        long modified = Files.getLastModifiedTime(ssl.resolve("round-2/latest")).toMillis();
        assertThat(new CommandLine(new SelfTrainCommand()).execute(args)).isZero();
        assertThat(Files.getLastModifiedTime(ssl.resolve("round-2/latest")).toMillis()).isEqualTo(modified);
        assertThat(Map.of("rounds", Files.list(ssl).count())).containsEntry("rounds", 2L);
    }
}
