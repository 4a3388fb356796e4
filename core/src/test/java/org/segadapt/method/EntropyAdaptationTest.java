package org.segadapt.method;

import org.segadapt.run.MethodSpec;
import org.segadapt.run.Recipes;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segadapt.run.RunSpec;
import org.segadapt.data.Batch;
import org.segadapt.model.Models;
import org.segadapt.model.SegmentationModel;
import org.segadapt.train.Checkpoint;
import org.segadapt.train.PolySchedule;
import org.segadapt.train.TrainLoop;
import org.segadapt.train.TrainingTestData;

class EntropyAdaptationTest {
    private static RunSpec config(String method, Map<String, Object> overrides) {
        Map<String, Object> p = Recipes.defaults(method);
        p.putAll(overrides);
        return new RunSpec(method, "small", "gta5:x", "cityscapes:y", null, "val", null, 6, 2, 32, 64, 0.01f, 1f, 1f, 3, 3, p);
    }

    private static EntropyAdaptation build(NDManager m, RunSpec cfg) {
        Engine.getInstance().setRandomSeed(4);
        SegmentationModel model = Models.create("small", 19);
        Models.initialize(model, m);
        Batch s = TrainingTestData.toyBatch(2, 32, 64, 1);
        Batch t = TrainingTestData.toyBatch(2, 32, 64, 2);
        var opt = new SegmenterOptimizer(model, m, new PolySchedule(0.01f, 1, cfg.iterations(), 0.9f), 1f);
        return Recipes.entropy((MethodSpec.Entropy) cfg.methodSpec(), cfg.seed(), opt, () -> s, () -> t);
    }

    @Test
    void everyEntropyMethodStepsWithFiniteLosses() {
        for (String method : Recipes.ENTROPY_METHODS) {
            try (NDManager m = NDManager.newBaseManager()) {
                EntropyAdaptation ea = build(m, config(method, Map.of()));
                Map<String, Float> log;
                try (NDManager step = m.newSubManager()) {
                    log = ea.step(0, step);
                }
                assertThat(log.get("L_s")).as(method).isFinite().isPositive();
                assertThat(log.get("L_u")).as(method).isFinite();
                assertThat(log.get("mask")).as(method).isBetween(0f, 1f);
            }
        }
    }

    @Test
    void adaptiveThresholdsMoveAndTravelWithTheCheckpoint(@TempDir Path run) throws Exception {
        RunSpec cfg = config("focal", Map.of());
        try (NDManager m = NDManager.newBaseManager()) {
            EntropyAdaptation ea = build(m, cfg);
            TrainLoop.run(ea, m, run, new TrainLoop.Options(cfg.iterations(), 3, false), 0);
            List<?> alphas = (List<?>) Checkpoint.readMeta(run).state().get("alphas");
            assertThat(alphas).hasSize(19);
            // some predicted class moved away from t = 0.8, absent ones kept it
            assertThat(alphas.stream().map(a -> ((Number) a).doubleValue())).anyMatch(a -> Math.abs(a - 0.8) > 1e-4)
                    .anyMatch(a -> Math.abs(a - 0.8) < 1e-6);
            EntropyAdaptation fresh = build(m, cfg);
            fresh.loadState(Checkpoint.readMeta(run).state());
            assertThat(fresh.state().get("alphas")).isEqualTo(ea.state().get("alphas"));
        }
    }

    @Test
    void fixedThresholdParsingIsStrict() {
        var fixed = (org.segadapt.loss.mask.FixedThreshold) ((MethodSpec.Entropy) config("focal", Map.of("threshold", "fixed:0.6"))
                .methodSpec()).mask();
        assertThat(fixed.threshold()).isEqualTo(0.6);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> config("focal", Map.of("threshold", "fixed:abc")))
                .hasMessageContaining("fixed:abc");
    }
}
