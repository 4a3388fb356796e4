package org.segadapt.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class SgdTest {
    @Test
    void momentumFollowsPyTorchWhenTheLearningRateChanges() {
        try (NDManager m = NDManager.newBaseManager()) {
            Sgd sgd = new Sgd(m, 0.9f, 0.1f, id -> id.equals("dec") ? 10 : 1);
            NDArray w = m.create(new float[] {1f});
            // PyTorch: v1 = g + wd·w = 0.5 + 0.1 = 0.6; w1 = 1 - 0.1·0.6 = 0.94
            sgd.setLearningRate(0.1f);
            sgd.update("enc", w, m.create(new float[] {0.5f}));
            assertThat(w.getFloat(0)).isCloseTo(0.94f, within(1e-6f));
            // v2 = 0.9·0.6 + (0.5 + 0.094) = 1.134; w2 = 0.94 - 0.01·1.134
            sgd.setLearningRate(0.01f);
            sgd.update("enc", w, m.create(new float[] {0.5f}));
            assertThat(w.getFloat(0)).isCloseTo(0.94f - 0.01134f, within(1e-6f));
            // multiplier: decoder parameters move 10× as far
            NDArray d = m.create(new float[] {0f});
            sgd.update("dec", d, m.create(new float[] {1f}));
            assertThat(d.getFloat(0)).isCloseTo(-0.1f, within(1e-7f));
        }
    }
}
