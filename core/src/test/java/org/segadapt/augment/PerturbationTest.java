package org.segadapt.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PerturbationTest {
    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private NDArray randomProb(Random r, int n, int c, int h, int w) {
        float[] v = new float[n * c * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return manager.create(v, new Shape(n, c, h, w)).softmax(1);
    }

    @Test
    void flipAndWholePixelShiftAreUndoneExactlyByTheInverse() {
        NDArray prob = randomProb(new Random(1), 2, 3, 5, 7);
        // shift by +2 px in x and −1 px in y: fractions of (W−1) = 6 and (H−1) = 4
        Perturbation g = Perturbation.of(true, 1, 0, 0, 2.0 / 6, -1.0 / 4);
        NDArray warped = g.apply(prob);
        NDArray back = g.inverse().apply(warped);
        // valid after the round trip: the inverse's source is in frame and was itself valid
        NDArray valid = g.inverse().apply(g.validMask(prob).expandDims(1)).squeeze(1).mul(g.inverse().validMask(prob));
        assertThat(valid.sum().getFloat()).isEqualTo(2 * (7 - 2) * (5 - 1));
        NDArray v = valid.expandDims(1);
        assertThat(back.mul(v).toFloatArray()).containsExactly(prob.mul(v).toFloatArray());
        // the warp moves content: warped(y, x) = flipped(y + 1, x − 2) inside the frame
        float[] in = prob.toFloatArray();
        float[] out = warped.toFloatArray();
        assertThat(out[idx(0, 1, 2, 4)]).isEqualTo(in[idx(0, 1, 3, 6 - (4 - 2))]);
        assertThat(g.validMask(prob).toFloatArray()[4 * 7 + 0]).isEqualTo(0f); // bottom row came from outside
    }

    private static int idx(int n, int c, int y, int x) {
        return ((n * 3 + c) * 5 + y) * 7 + x;
    }

    @Test
    void pureFlipEqualsArrayFlipAndKeepsEveryPixel() {
        NDArray prob = randomProb(new Random(2), 1, 4, 3, 6);
        Perturbation flip = Perturbation.of(true, 1, 0, 0, 0, 0);
        assertThat(flip.apply(prob).toFloatArray()).containsExactly(prob.flip(3).toFloatArray());
        assertThat(flip.validMask(prob).sum().getFloat()).isEqualTo(18f);
    }

    @Test
    void rotationByNinetyDegreesMovesWholePixelsAndIsUndone() {
        NDArray x = randomProb(new Random(3), 1, 2, 5, 5);
        Perturbation rot = Perturbation.of(false, 1, 90, 0, 0, 0);
        float[] in = x.toFloatArray();
        float[] out = rot.apply(x).toFloatArray();
        // forward map on offsets from the centre (2,2): out = R(90°)·src, so out(2+a, 2+b) = in(2−b, 2+a) (y, x)
        for (int a = -2; a <= 2; a++) {
            for (int b = -2; b <= 2; b++) {
                assertThat(out[(2 + a) * 5 + (2 + b)]).isEqualTo(in[(2 - b) * 5 + (2 + a)]);
            }
        }
        assertThat(rot.inverse().apply(rot.apply(x)).toFloatArray()).containsExactly(in);
    }

    @Test
    void zoomSamplesBilinearly() {
        // a horizontal ramp 0..4 zoomed ×2 about the centre: out x → src 2 + (x − 2)/2
        float[] ramp = new float[3 * 5];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = i % 5;
        }
        NDArray x = manager.create(ramp, new Shape(1, 1, 3, 5));
        NDArray out = Perturbation.of(false, 2, 0, 0, 0, 0).apply(x);
        assertThat(out.get(0, 0, 1).toFloatArray()).containsExactly(new float[] {1f, 1.5f, 2f, 2.5f, 3f}, offset(1e-6f));
    }

    @Test
    void sameMapAppliesToImageAndLowResolutionPrediction() {
        // a smooth field sampled at two resolutions stays consistent under the same g
        Perturbation g = Perturbation.of(true, 1.1, 7, 3, 0.05, -0.02);
        NDArray big = field(17, 33);
        NDArray small = field(9, 17);
        float[] warpedBig = g.apply(big).toFloatArray();
        float[] warpedSmall = g.apply(small).toFloatArray();
        float[] validSmall = g.validMask(small).toFloatArray();
        for (int y = 0; y < 9; y++) {
            for (int x = 0; x < 17; x++) {
                if (validSmall[y * 17 + x] > 0) {
                    assertThat(warpedSmall[y * 17 + x]).isCloseTo(warpedBig[(2 * y) * 33 + 2 * x], offset(0.02f));
                }
            }
        }
    }

    /** f(u, v) = u + 0.5 v on normalised coordinates in [0,1]. */
    private NDArray field(int h, int w) {
        float[] v = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                v[y * w + x] = x / (float) (w - 1) + 0.5f * y / (float) (h - 1);
            }
        }
        return manager.create(v, new Shape(1, 1, h, w));
    }

    @Test
    void gradientFlowsToTheMapValues() {
        NDArray prob = randomProb(new Random(4), 1, 2, 4, 4);
        prob.setRequiresGradient(true);
        Perturbation zoom = Perturbation.of(false, 2, 0, 0, 0, 0);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(zoom.apply(prob).sum());
        }
        // every output pixel spreads weight 1 over its neighbours: gradients sum to the pixel count
        float[] grad = prob.getGradient().toFloatArray();
        float total = 0;
        for (float v : grad) {
            total += v;
        }
        assertThat(total).isCloseTo(2 * 16, offset(1e-4f));
        // source corner (0,0) is reached only by output (0,0), sampling (0.75, 0.75): weight 0.25·0.25
        assertThat(grad[0]).isCloseTo(0.0625f, offset(1e-6f));
    }

    @Test
    void samplingIsSeededAndWithinStrength() {
        Perturbation a = Perturbation.sample(new Random(42), Perturbation.Strength.DEFAULT);
        Perturbation b = Perturbation.sample(new Random(42), Perturbation.Strength.DEFAULT);
        assertThat(a.toString()).isEqualTo(b.toString());
        NDArray prob = randomProb(new Random(5), 1, 2, 6, 8);
        assertThat(a.apply(prob).toFloatArray()).containsExactly(b.apply(prob).toFloatArray());
        for (int i = 0; i < 50; i++) {
            double[] m = Perturbation.sample(new Random(i), Perturbation.Strength.DEFAULT).sourceFromOutput(11, 11);
            double det = m[0] * m[4] - m[1] * m[3];
            // |det| of the inverse linear part = 1/scale² ∈ [1/1.25², 1/0.75²]
            assertThat(Math.abs(det)).isBetween(1 / (1.25 * 1.25) - 1e-9, 1 / (0.75 * 0.75) + 1e-9);
        }
    }
}
