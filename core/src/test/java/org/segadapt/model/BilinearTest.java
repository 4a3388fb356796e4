package org.segadapt.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class BilinearTest {
    private static float[] resize1d(float[] v, int out, boolean align) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(v, new Shape(1, 1, 1, v.length));
            return Bilinear.resize(x, 1, out, align).toFloatArray();
        }
    }

    @Test
    void alignCornersUpsampleGivesMidpoints() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            NDArray y = Bilinear.resize(x, 3, 3, true);
            assertThat(y.getShape()).isEqualTo(new Shape(1, 1, 3, 3));
            assertThat(y.toFloatArray()).containsExactly(new float[] {1, 1.5f, 2, 2, 2.5f, 3, 3, 3.5f, 4}, within(1e-6f));
        }
    }

    @Test
    void halfPixelDownsampleAveragesPairsWithoutAntialias() {
        assertThat(resize1d(new float[] {1, 3, 10, 20}, 2, false)).containsExactly(new float[] {2, 15}, within(1e-6f));
        // 4 -> 1 bilinear samples between the middle two (antialiasing would average all four: 8.5)
        assertThat(resize1d(new float[] {1, 3, 10, 20}, 1, false)).containsExactly(new float[] {6.5f}, within(1e-6f));
    }

    @Test
    void halfPixelUpsampleClampsAtBorders() {
        // src = (o+0.5)·in/out − 0.5 clamped at 0: 0, 0.25, 0.75, 1.25→(1,1)
        assertThat(resize1d(new float[] {0, 4}, 4, false)).containsExactly(new float[] {0, 1, 3, 4}, within(1e-6f));
        // PyTorch F.interpolate([0,10,20], 5, 'linear') = [0, 4, 10, 16, 20]
        assertThat(resize1d(new float[] {0, 10, 20}, 5, false)).containsExactly(new float[] {0, 4, 10, 16, 20}, within(1e-5f));
    }

    @Test
    void alignCornersDownsamplePicksCorners() {
        assertThat(resize1d(new float[] {5, 7, 9}, 2, true)).containsExactly(new float[] {5, 9}, within(1e-6f));
        // 3 -> 5 aligned: src = o·0.5
        assertThat(resize1d(new float[] {0, 10, 20}, 5, true)).containsExactly(new float[] {0, 5, 10, 15, 20}, within(1e-5f));
    }

    @Test
    void separableInBothAxesWithBatchAndChannels() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(0f, 2 * 3 * 4 * 4).reshape(2, 3, 4, 4);
            NDArray y = Bilinear.resize(x, 2, 8, false);
            assertThat(y.getShape()).isEqualTo(new Shape(2, 3, 2, 8));
            // rows average pairs (4->2), columns of a linear ramp stay linear; check one value by hand:
            // x[n,c,i,j] = 16(3n+c) + 4i + j; y rows: i=0.5 and 2.5; col 0: src=-0.25→0 -> j=0
            float base = 16 * (3 * 1 + 2);
            assertThat(y.getFloat(1, 2, 1, 0)).isCloseTo(base + 4 * 2.5f, within(1e-4f));
            assertThat(y.getFloat(1, 2, 0, 3)).isCloseTo(base + 4 * 0.5f + 1.25f, within(1e-4f));
        }
    }

    /** Direct per-pixel port of ATen's upsample_bilinear2d CPU kernel (4-neighbour form, not separable). */
    private static float[] atenBilinear(float[] x, int inH, int inW, int outH, int outW, boolean align) {
        float[] y = new float[outH * outW];
        float rh = align ? (outH > 1 ? (float) (inH - 1) / (outH - 1) : 0f) : (float) inH / outH;
        float rw = align ? (outW > 1 ? (float) (inW - 1) / (outW - 1) : 0f) : (float) inW / outW;
        for (int h2 = 0; h2 < outH; h2++) {
            float h1r = align ? rh * h2 : Math.max(rh * (h2 + 0.5f) - 0.5f, 0f);
            int h1 = (int) h1r;
            int h1p = h1 < inH - 1 ? 1 : 0;
            float h1l = h1r - h1;
            float h0l = 1f - h1l;
            for (int w2 = 0; w2 < outW; w2++) {
                float w1r = align ? rw * w2 : Math.max(rw * (w2 + 0.5f) - 0.5f, 0f);
                int w1 = (int) w1r;
                int w1p = w1 < inW - 1 ? 1 : 0;
                float w1l = w1r - w1;
                float w0l = 1f - w1l;
                y[h2 * outW + w2] = h0l * (w0l * x[h1 * inW + w1] + w1l * x[h1 * inW + w1 + w1p])
                        + h1l * (w0l * x[(h1 + h1p) * inW + w1] + w1l * x[(h1 + h1p) * inW + w1 + w1p]);
            }
        }
        return y;
    }

    @Test
    void agreesWithAtenKernelOnOddSizes() {
        int[][] cases = {{5, 7, 13, 3}, {9, 4, 4, 11}, {6, 6, 1, 1}, {3, 17, 8, 8}, {16, 32, 128, 256}};
        try (NDManager m = NDManager.newBaseManager()) {
            for (int[] c : cases) {
                for (boolean align : new boolean[] {true, false}) {
                    NDArray x = m.randomNormal(new Shape(1, 1, c[0], c[1]));
                    float[] expected = atenBilinear(x.toFloatArray(), c[0], c[1], c[2], c[3], align);
                    assertThat(Bilinear.resize(x, c[2], c[3], align).toFloatArray())
                            .as("%dx%d -> %dx%d align=%s", c[0], c[1], c[2], c[3], align)
                            .containsExactly(expected, within(1e-5f));
                }
            }
        }
    }

    @Test
    void identityWhenSizeUnchanged() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(1, 2, 5, 7));
            assertThat(Bilinear.resize(x, 5, 7, false).toFloatArray()).containsExactly(x.toFloatArray());
        }
    }

    @Test
    void gradientIsColumnSumsOfWeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = Bilinear.resize(x, 3, 3, true);
                // weights per axis [[1,0],[.5,.5],[0,1]]: column sums 1.5 -> d sum(y)/dx = 2.25
                gc.backward(y.sum());
            }
            assertThat(x.getGradient().toFloatArray()).containsExactly(new float[] {2.25f, 2.25f, 2.25f, 2.25f}, within(1e-6f));
        }
    }

    @Test
    void nearestKeepsLabelValuesAndType() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray labels = m.create(new int[] {0, 255, 7, 18, 3, 1}, new Shape(1, 2, 3));
            NDArray y = Bilinear.nearest(labels, 4, 5);
            assertThat(y.getDataType()).isEqualTo(DataType.INT32);
            // rows floor(o·2/4) = 0,0,1,1; cols floor(o·3/5) = 0,0,1,1,2
            assertThat(y.toIntArray()).containsExactly(
                    0, 0, 255, 255, 7,
                    0, 0, 255, 255, 7,
                    18, 18, 3, 3, 1,
                    18, 18, 3, 3, 1);
            // downsample 3 -> 2 columns: floor(o·1.5) = 0, 1
            assertThat(Bilinear.nearest(labels, 2, 2).toIntArray()).containsExactly(0, 255, 18, 3);
        }
    }

    @Test
    void resultsBelongToTheCallersManager() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(1, 1, 2, 2));
            try (NDManager step = m.newSubManager()) {
                NDArray y = Bilinear.resize(x.duplicate().toType(DataType.FLOAT32, false), 4, 4, false);
                y.attach(step);
            }
            NDArray y = Bilinear.resize(x, 4, 4, false);
            assertThat(y.getManager()).isSameAs(x.getManager());
        }
    }

    @Test
    void rejectsBadTargets() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> Bilinear.resize(m.ones(new Shape(3)), 2, 2, true)).hasMessageContaining("at least 2 axes");
            assertThatThrownBy(() -> Bilinear.resize(m.ones(new Shape(2, 2)), 0, 2, true)).hasMessageContaining("positive");
        }
    }

    @Test
    void rank3AndRank4GiveTheSameValuesAndGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x4 = m.randomNormal(new Shape(1, 3, 7, 9));
            NDArray x3 = x4.squeeze(0).duplicate(); // Ry broadcasts over one leading axis less
            x4.setRequiresGradient(true);
            x3.setRequiresGradient(true);
            NDArray w = m.randomNormal(new Shape(3, 16, 21));
            assertThat(Bilinear.resize(x4.duplicate(), 16, 21, false).squeeze(0).toFloatArray())
                    .containsExactly(Bilinear.resize(x3.duplicate(), 16, 21, false).toFloatArray(), within(1e-5f));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y4 = Bilinear.resize(x4, 16, 21, false);
                NDArray y3 = Bilinear.resize(x3, 16, 21, false);
                assertThat(y4.squeeze(0).toFloatArray()).containsExactly(y3.toFloatArray(), within(1e-5f));
                gc.backward(y4.squeeze(0).mul(w).sum().add(y3.mul(w).sum()));
            }
            assertThat(x4.getGradient().squeeze(0).toFloatArray()).containsExactly(x3.getGradient().toFloatArray(), within(1e-4f));
        }
    }
}
