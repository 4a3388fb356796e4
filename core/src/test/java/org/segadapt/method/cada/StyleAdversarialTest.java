package org.segadapt.method.cada;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.segadapt.data.Batch;
import org.segadapt.loss.StyleGap;
import org.segadapt.method.StyleAdversarial;
import org.segadapt.model.SegmentationModel;

class StyleAdversarialTest {
    private static final Batch SOURCE = CadaFixtures.batch(2, 32, 64, 1, 0f, true);
    private static final Batch TARGET = CadaFixtures.batch(2, 32, 64, 2, 0.15f, false);

    private static StyleAdversarial method(NDManager m, StyleAdversarial.Options o) {
        SegmentationModel model = CadaFixtures.small(m, 11);
        // large learning rates so that one step visibly moves every network
        return StyleAdversarial.create(model, m, 0.01f, 10, () -> SOURCE, () -> TARGET,
                new StyleAdversarial.Options(o.styleMode(), o.outputAdversarial(), 1f, 0.5f, 0.5f, 1e-2f, 16, 10f, 8, 50_000, false));
    }

    /** The segmenter's weights after one step (a) with λ_adv_seg and λ_style as given. */
    private static List<float[]> segmenterAfterOneStep(float outputWeight, float styleWeight) {
        return segmenterAfterOneStep(outputWeight, styleWeight, false, TARGET, new HashMap<>());
    }

    private static List<float[]> segmenterAfterOneStep(float outputWeight, float styleWeight, boolean pseudoLabelLoss, Batch target,
            Map<String, Float> metrics) {
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationModel model = CadaFixtures.small(m, 11);
            StyleAdversarial cada = StyleAdversarial.create(model, m, 0.01f, 10, () -> SOURCE, () -> target, new StyleAdversarial.Options(
                    StyleGap.Mode.ADVERSARIAL, true, 1f, outputWeight, styleWeight, 1e-2f, 16, 10f, 8, 50_000, pseudoLabelLoss));
            try (NDManager step = m.newSubManager()) {
                cada.segmenterStep(0, step, SOURCE, target, metrics);
            }
            return CadaFixtures.weights(cada.model());
        }
    }

    @Test
    void bdlSelfTrainingAddsThePseudoLabelLossToEq5() {
        Batch pseudo = CadaFixtures.batch(2, 32, 64, 2, 0.15f, true); // the same images as TARGET, with labels
        Map<String, Float> metrics = new HashMap<>();
        List<float[]> withSsl = segmenterAfterOneStep(1e-3f, 1e-3f, true, pseudo, metrics);
        assertThat(metrics).containsKeys("L_seg", "L_adv_seg", "L_style", "L_ssl");
        assertThat(metrics.get("L_ssl")).isGreaterThan(0f);
        // the labels are read only for L_ssl: without it the same labelled batch gives eq. (5)'s update
        assertThat(CadaFixtures.same(segmenterAfterOneStep(1e-3f, 1e-3f, false, pseudo, new HashMap<>()), withSsl)).isFalse();
        assertThat(CadaFixtures.same(segmenterAfterOneStep(1e-3f, 1e-3f, false, pseudo, new HashMap<>()),
                segmenterAfterOneStep(1e-3f, 1e-3f, false, TARGET, new HashMap<>()))).isTrue();
        assertThatThrownBy(() -> segmenterAfterOneStep(1e-3f, 1e-3f, true, TARGET, new HashMap<>()))
                .hasMessageContaining("no pseudo-labels");
    }

    @Test
    void eachAdversarialTermChangesTheSegmentersUpdate() {
        List<float[]> segOnly = segmenterAfterOneStep(0f, 0f);
        assertThat(CadaFixtures.same(segOnly, segmenterAfterOneStep(0f, 0f))).as("deterministic").isTrue();
        assertThat(CadaFixtures.same(segOnly, segmenterAfterOneStep(0.5f, 0f))).as("λ_adv_seg > 0").isFalse();
        assertThat(CadaFixtures.same(segOnly, segmenterAfterOneStep(0f, 0.5f))).as("λ_style > 0").isFalse();
    }

    @Test
    void segmenterStepMovesOnlyTheSegmenterAndLeavesNoGradientInTheDiscriminators() {
        try (NDManager m = NDManager.newBaseManager()) {
            StyleAdversarial cada = method(m, StyleAdversarial.Options.paper());
            Map<String, Block> ds = cada.auxiliaryNetworks();
            assertThat(ds).containsOnlyKeys("D_c", "D_f1", "D_f2");
            Map<String, List<float[]>> before = new HashMap<>();
            ds.forEach((k, d) -> before.put(k, CadaFixtures.weights(d)));
            List<float[]> segBefore = CadaFixtures.weights(cada.model());
            try (NDManager step = m.newSubManager()) {
                cada.segmenterStep(0, step, SOURCE, TARGET, new HashMap<>());
            }
            assertThat(CadaFixtures.same(segBefore, CadaFixtures.weights(cada.model()))).isFalse();
            ds.forEach((k, d) -> {
                assertThat(CadaFixtures.same(before.get(k), CadaFixtures.weights(d))).as(k + " weights").isTrue();
                // frozen during (a): nothing may be left over for the discriminator step to apply
                assertThat(CadaFixtures.maxGradient(d)).as(k + " gradient").isZero();
            });
        }
    }

    @Test
    void discriminatorStepMovesOnlyTheDiscriminators() {
        try (NDManager m = NDManager.newBaseManager()) {
            StyleAdversarial cada = method(m, StyleAdversarial.Options.paper());
            try (NDManager step = m.newSubManager()) {
                StyleAdversarial.Forward f = cada.segmenterStep(0, step, SOURCE, TARGET, new HashMap<>());
                List<float[]> segBefore = CadaFixtures.weights(cada.model());
                Map<String, List<float[]>> before = new HashMap<>();
                cada.auxiliaryNetworks().forEach((k, d) -> before.put(k, CadaFixtures.weights(d)));
                Map<String, Float> metrics = cada.discriminatorStep(0, step, f);
                assertThat(metrics).containsKeys("lr_D", "L_D_c", "L_D_f1", "L_D_f2");
                assertThat(CadaFixtures.same(segBefore, CadaFixtures.weights(cada.model()))).isTrue();
                // detached inputs: no gradient reaches the segmenter
                assertThat(CadaFixtures.maxGradient(cada.model())).isZero();
                cada.auxiliaryNetworks().forEach((k, d) ->
                        assertThat(CadaFixtures.same(before.get(k), CadaFixtures.weights(d))).as(k).isFalse());
            }
        }
    }

    @Test
    void everyStyleModeTrainsWithFiniteLosses() {
        for (StyleGap.Mode mode : StyleGap.Mode.values()) {
            try (NDManager m = NDManager.newBaseManager()) {
                StyleAdversarial cada = method(m, StyleAdversarial.Options.paper().withStyleMode(mode));
                Batch s = CadaFixtures.batch(1, 32, 64, 5, 0f, true), t = CadaFixtures.batch(1, 32, 64, 6, 0.2f, false);
                for (int it = 0; it < 2; it++) {
                    try (NDManager step = m.newSubManager()) {
                        Map<String, Float> v = new java.util.LinkedHashMap<>();
                        v.putAll(cada.discriminatorStep(it, step, cada.segmenterStep(it, step, s, t, v)));
                        assertThat(v).containsKeys("lr", "L_seg", "L_adv_seg", "L_D_c");
                        if (mode != StyleGap.Mode.NONE) {
                            assertThat(v).containsKey("L_style");
                        } else {
                            assertThat(v).doesNotContainKey("L_style");
                        }
                        v.values().forEach(x -> assertThat(x).isFinite());
                    }
                }
                assertThat(cada.auxiliaryNetworks().containsKey("D_f1")).isEqualTo(mode == StyleGap.Mode.ADVERSARIAL);
            }
        }
    }

    @Test
    void withoutAnyDiscriminatorOnlyTheSegmenterTrains() {
        try (NDManager m = NDManager.newBaseManager()) {
            StyleAdversarial cada = method(m, StyleAdversarial.Options.paper().withStyleMode(StyleGap.Mode.GRAM)
                    .withOutputAdversarial(false));
            assertThat(cada.auxiliaryNetworks()).isEmpty();
            try (NDManager step = m.newSubManager()) {
                assertThat(cada.step(0, step)).containsOnlyKeys("lr", "L_seg", "L_style");
            }
        }
    }

    @Test
    void optimizerStateRoundTripsSegmenterAndDiscriminatorMoments() {
        try (NDManager m = NDManager.newBaseManager()) {
            StyleAdversarial a = method(m, StyleAdversarial.Options.paper());
            try (NDManager step = m.newSubManager()) {
                a.step(0, step);
            }
            NDList state = a.optimizerState();
            assertThat(state.stream().filter(x -> x.getName().startsWith("D_c/m:"))).isNotEmpty();
            assertThat(state.stream().filter(x -> x.getName().startsWith("D_f2/t:"))).isNotEmpty();
            StyleAdversarial b = method(m, StyleAdversarial.Options.paper());
            b.loadOptimizerState(state);
            NDList again = b.optimizerState();
            assertThat(again.size()).isEqualTo(state.size());
            Map<String, float[]> byName = new HashMap<>();
            for (NDArray x : state) {
                byName.put(x.getName(), x.toFloatArray());
            }
            for (NDArray x : again) {
                assertThat(x.toFloatArray()).as(x.getName()).containsExactly(byName.get(x.getName()));
            }
        }
    }
}
