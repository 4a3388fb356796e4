package org.segadapt.nd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class ScalarsTest {
    @Test
    void clipHasClampsValuesAndGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = HostArrays.floats(m, new float[] {-1f, 0f, 0.5f, 1f, 2f});
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = Scalars.clip(x, 0f, 1f);
                assertThat(y.toFloatArray()).containsExactly(0f, 0f, 0.5f, 1f, 1f);
                gc.backward(y.sum());
            }
            // torch.clamp: gradient 1 on the closed interval [lo, hi], 0 outside
            assertThat(x.getGradient().toFloatArray()).containsExactly(0f, 1f, 1f, 1f, 0f);
        }
    }

    @Test
    void arithmeticMatchesHandValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = HostArrays.floats(m, new float[] {1f, 2f, 4f});
            assertThat(Scalars.mul(x, 0.5f).toFloatArray()).containsExactly(0.5f, 1f, 2f);
            assertThat(Scalars.rsub(1f, x).toFloatArray()).containsExactly(0f, -1f, -3f);
            assertThat(Scalars.pow(x, 2f).toFloatArray()).containsExactly(1f, 4f, 16f);
            assertThat(Scalars.maximum(x, 3f).toFloatArray()).containsExactly(3f, 3f, 4f);
        }
    }
}
