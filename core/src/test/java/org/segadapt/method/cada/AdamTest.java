package org.segadapt.method.cada;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.segadapt.method.StyleAdversarial;
import org.segadapt.train.Adam;

class AdamTest {
    /**
     * torch.optim.Adam([w], lr=0.1, betas=(0.9, 0.99)) from w = (1, −2) with gradients (0.5, −1) then (0.1, 0.3):
     * step 1 moves each weight by lr·sign(g) → (0.9, −1.9); step 2: m = (0.055, −0.06), v = (0.002575, 0.0108),
     * w −= 0.1/0.19 · m / (√v/√0.0199 + 1e-8) → (0.8195276, −1.8571341).
     */
    @Test
    void twoStepsMatchPytorch() {
        try (NDManager m = NDManager.newBaseManager()) {
            Adam adam = Adam.paper(m);
            adam.setLearningRate(0.1f);
            NDArray w = m.create(new float[] {1f, -2f});
            adam.update("w", w, m.create(new float[] {0.5f, -1f}));
            assertThat(w.toFloatArray()).containsExactly(new float[] {0.9f, -1.9f}, within(1e-6f));
            adam.update("w", w, m.create(new float[] {0.1f, 0.3f}));
            assertThat(w.toFloatArray()).containsExactly(new float[] {0.8195276f, -1.8571341f}, within(1e-6f));
        }
    }

    @Test
    void stateRoundTripContinuesTheSameTrajectory() {
        try (NDManager m = NDManager.newBaseManager()) {
            Adam a = Adam.paper(m);
            a.setLearningRate(0.1f);
            NDArray w = m.create(new float[] {1f, -2f});
            a.update("w", w, m.create(new float[] {0.5f, -1f}));
            Adam b = Adam.paper(m);
            b.loadState(a.state());
            b.setLearningRate(0.1f);
            b.update("w", w, m.create(new float[] {0.1f, 0.3f}));
            assertThat(w.toFloatArray()).containsExactly(new float[] {0.8195276f, -1.8571341f}, within(1e-6f));
        }
    }

    @Test
    void stepsKeepTheStateManagerFlat() throws ReflectiveOperationException {
        java.lang.reflect.Field resources = ai.djl.ndarray.BaseNDManager.class.getDeclaredField("resources");
        resources.setAccessible(true);
        try (NDManager m = NDManager.newBaseManager(); NDManager state = m.newSubManager()) {
            Adam adam = Adam.paper(state);
            adam.setLearningRate(0.1f);
            NDArray w = m.create(new float[] {1f, -2f});
            NDArray g = m.create(new float[] {0.5f, -1f});
            adam.update("w", w, g);
            int after1 = ((java.util.Map<?, ?>) resources.get(state)).size();
            for (int i = 0; i < 10; i++) {
                adam.update("w", w, g);
            }
            assertThat(((java.util.Map<?, ?>) resources.get(state)).size()).isEqualTo(after1).isEqualTo(2); // m and v
        }
    }

    @Test
    void theDiscriminatorDecayIsBdlsStaircaseInRealIterations() {
        // CaDA Sec. 3.2: decay_rate 0.1, decay_steps 50000; constant below 50k whatever the run's length
        Adam.StaircaseDecay paper = new Adam.StaircaseDecay(1e-4f, Adam.PAPER_DECAY_RATE, Adam.PAPER_DECAY_STEPS);
        assertThat(paper.at(0)).isEqualTo(1e-4f);
        assertThat(paper.at(49_999)).isEqualTo(1e-4f);
        assertThat(paper.at(50_000)).isCloseTo(1e-5f, within(1e-12f));
        assertThat(paper.at(149_999)).isCloseTo(1e-6f, within(1e-13f));
        assertThat(StyleAdversarial.Options.paper().discriminatorDecaySteps()).isEqualTo(50_000);
        // a miniature shortens it only when asked
        assertThat(new Adam.StaircaseDecay(1e-4f, 0.1, 20).at(45)).isCloseTo(1e-6f, within(1e-13f));
    }
}
