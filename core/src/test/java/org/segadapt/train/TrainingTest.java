package org.segadapt.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segadapt.data.Batch;
import org.segadapt.method.SegmenterOptimizer;
import org.segadapt.method.SourceOnly;
import org.segadapt.model.Models;
import org.segadapt.model.SegmentationModel;

class TrainingTest {
    private static SourceOnly method(NDManager m, long seed, int total, Supplier<Batch> data) {
        Engine.getInstance().setRandomSeed((int) seed);
        SegmentationModel model = Models.create("small", 19);
        Models.initialize(model, m);
        return new SourceOnly(new SegmenterOptimizer(model, m, new PolySchedule(0.05f, 2, total, 0.9f), 1f), data);
    }

    private static List<Double> column(Path csv, String name) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        int col = List.of(lines.get(0).split(",")).indexOf(name);
        List<Double> out = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            out.add(Double.parseDouble(l.split(",")[col]));
        }
        return out;
    }

    @Test
    void aShortSourceOnlyRunLowersTheLoss(@TempDir Path run) throws IOException {
        Batch batch = TrainingTestData.toyBatch(4, 32, 64, 7);
        try (NDManager m = NDManager.newBaseManager()) {
            SourceOnly so = method(m, 3, 30, () -> batch);
            TrainLoop.run(so, m, run, new TrainLoop.Options(30, 0, false), 0);
        }
        List<Double> loss = column(run.resolve("metrics.csv"), "L_s");
        assertThat(loss).hasSize(30);
        double first = loss.subList(0, 3).stream().mapToDouble(d -> d).average().orElseThrow();
        double last = loss.subList(27, 30).stream().mapToDouble(d -> d).average().orElseThrow();
        assertThat(last).isLessThan(0.5 * first);
        assertThat(Files.exists(run.resolve("latest"))).isTrue();
    }

    @Test
    void saveLoadGivesIdenticalLogitsAndResumeContinuesExactly(@TempDir Path dir) throws IOException {
        Batch batch = TrainingTestData.toyBatch(2, 32, 64, 11);
        float[] straight;
        try (NDManager m = NDManager.newBaseManager()) {
            SourceOnly so = method(m, 5, 8, () -> batch);
            TrainLoop.run(so, m, dir.resolve("a"), new TrainLoop.Options(8, 4, false), 0);
            straight = logits(so.model(), m, batch);
            Checkpoint.Loaded loaded = Checkpoint.load(dir.resolve("a"), m);
            assertThat(loaded.meta().iteration()).isEqualTo(8);
            assertThat(loaded.meta().method()).isEqualTo("source-only");
            assertThat(logits(loaded.model(), m, batch)).containsExactly(straight);
        }
        // interrupted after the checkpoint at 4, then resumed from it with a fresh process state
        Path b = dir.resolve("b");
        try (NDManager m = NDManager.newBaseManager()) {
            int[] calls = {0};
            SourceOnly so = method(m, 5, 8, () -> {
                if (++calls[0] > 6) {
                    throw new IllegalStateException("killed");
                }
                return batch;
            });
            assertThatThrownBy(() -> TrainLoop.run(so, m, b, new TrainLoop.Options(8, 4, false), 0)).hasMessage("killed");
        }
        assertThat(Checkpoint.readMeta(b).iteration()).isEqualTo(4);
        try (NDManager m = NDManager.newBaseManager()) {
            SourceOnly so = method(m, 99, 8, () -> batch); // other init: resume must overwrite it
            Checkpoint.Loaded ck = Checkpoint.load(b, m);
            Checkpoint.loadInto(b, so.model(), m);
            so.loadOptimizerState(ck.optimizerState(m));
            TrainLoop.run(so, m, b, new TrainLoop.Options(8, 4, false), ck.meta().iteration());
            float[] resumed = logits(so.model(), m, batch);
            for (int i = 0; i < straight.length; i++) {
                assertThat(resumed[i]).isCloseTo(straight[i], org.assertj.core.api.Assertions.within(1e-4f));
            }
        }
    }

    @Test
    void aCheckpointOfAnotherModelIsRefusedByName(@TempDir Path dir) throws IOException {
        Batch batch = TrainingTestData.toyBatch(1, 32, 32, 1);
        try (NDManager m = NDManager.newBaseManager()) {
            SourceOnly so = method(m, 1, 1, () -> batch);
            TrainLoop.run(so, m, dir, new TrainLoop.Options(1, 0, false), 0);
            assertThatThrownBy(() -> Checkpoint.load(dir, m, "bisenet")).hasMessageContaining("'small'").hasMessageContaining("bisenet");
            Files.writeString(Checkpoint.resolve(dir).resolve("model.params"), "garbage");
            assertThatThrownBy(() -> Checkpoint.load(dir, m)).hasMessageContaining("model.params");
        }
        assertThatThrownBy(() -> Checkpoint.resolve(dir.resolve("nothing"))).hasMessageContaining("nothing");
    }

    @Test
    void aNanLossStopsBeforeTheUpdate() {
        assertThatThrownBy(() -> Diverged.check("L_u", 12, Float.NaN)).isInstanceOf(Diverged.class)
                .hasMessageContaining("L_u").hasMessageContaining("12");
        assertThat(Diverged.check("L_s", 1, 0.5f)).isEqualTo(0.5f);
    }

    static float[] logits(SegmentationModel model, NDManager m, Batch b) {
        try (NDManager s = m.newSubManager()) {
            NDArray x = b.images(s);
            return model.run(new ParameterStore(s, false), x, false).logits().toFloatArray();
        }
    }

}
