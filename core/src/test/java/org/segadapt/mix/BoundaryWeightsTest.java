package org.segadapt.mix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class BoundaryWeightsTest {
    private static float[] verticalEdge(int h, int w, int edge) {
        float[] m = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < edge; x++) {
                m[y * w + x] = 1;
            }
        }
        return m;
    }

    @Test
    void aVerticalEdgeGetsThreeColumnsOfWeightTwoOnEachSide() {
        int h = 8, w = 16;
        try (NDManager m = NDManager.newBaseManager()) {
            float[] weights = BoundaryWeights.compute(m.create(verticalEdge(h, w, 8), new Shape(1, h, w))).toFloatArray();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    // edge between columns 7 and 8: columns 5,6,7 | 8,9,10
                    assertThat(weights[y * w + x]).as("(%d,%d)", y, x).isEqualTo(x >= 5 && x <= 10 ? 2f : 1f);
                }
            }
            float[] k3 = BoundaryWeights.compute(m.create(verticalEdge(h, w, 8), new Shape(1, h, w)), 3f, 3).toFloatArray();
            for (int x = 0; x < w; x++) {
                assertThat(k3[3 * w + x]).isEqualTo(x == 7 || x == 8 ? 3f : 1f);
            }
        }
    }

    @Test
    void aSinglePixelGetsAChebyshevSquareAndTheFrameIsNoBoundary() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] dot = new float[11 * 11];
            dot[5 * 11 + 5] = 1;
            float[] band = BoundaryWeights.band(m.create(dot, new Shape(1, 11, 11)), 7).toFloatArray();
            int count = 0;
            for (int y = 0; y < 11; y++) {
                for (int x = 0; x < 11; x++) {
                    boolean in = Math.max(Math.abs(y - 5), Math.abs(x - 5)) <= 3;
                    assertThat(band[y * 11 + x]).as("(%d,%d)", y, x).isEqualTo(in ? 1f : 0f);
                    count += in ? 1 : 0;
                }
            }
            assertThat(count).isEqualTo(49);
            // uniform masks, batched: no boundary anywhere, not even along the frame
            float[] two = new float[2 * 25];
            java.util.Arrays.fill(two, 25, 50, 1f);
            assertThat(BoundaryWeights.compute(m.create(two, new Shape(2, 5, 5))).toFloatArray()).containsOnly(1f);
            assertThatThrownBy(() -> BoundaryWeights.band(m.create(two, new Shape(2, 5, 5)), 4)).hasMessageContaining("odd");
        }
    }
}
