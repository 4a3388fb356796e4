package org.segadapt.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** FDA on hand-made images, checked against a direct (double-precision) DFT written here. */
class FdaTest {
    private static final int H = 10, W = 14;
    private final NDManager m = NDManager.newBaseManager();

    @AfterEach
    void close() {
        m.close();
    }

    private NDArray image(long seed, float lo, float hi) {
        Random r = new Random(seed);
        float[] v = new float[3 * H * W];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * r.nextFloat();
        }
        return m.create(v, new Shape(3, H, W));
    }

    @Test
    void betaZeroReturnsTheSourceExactly() {
        NDArray s = image(1, 0, 255), t = image(2, 0, 255);
        assertThat(Fda.translate(s, t, 0).toFloatArray()).containsExactly(s.toFloatArray());
    }

    @Test
    void theLowBandTakesTheTargetsAmplitudeAndKeepsTheSourcesPhase() {
        NDArray s = image(3, 40, 200), t = image(4, 0, 120);
        double beta = 0.2; // b = floor(10 * 0.2) = 2: frequencies -2..2 on both axes
        assertThat(Fda.bandRadius(H, W, beta)).isEqualTo(2);
        float[] out = Fda.swapLowBand(s, t, beta).toFloatArray(), src = s.toFloatArray(), trg = t.toFloatArray();
        int inBand = 0;
        for (int c = 0; c < 3; c++) {
            for (int ky = 0; ky < H; ky++) {
                for (int kx = 0; kx < W; kx++) {
                    double[] o = dft(out, c, ky, kx), a = dft(src, c, ky, kx), b = dft(trg, c, ky, kx);
                    boolean band = Math.abs(signed(ky, H)) <= 2 && Math.abs(signed(kx, W)) <= 2;
                    double scale = 1 + Math.hypot(a[0], a[1]) + Math.hypot(b[0], b[1]);
                    assertThat(Math.hypot(o[0], o[1]) / scale).as("amplitude at (%d,%d)", ky, kx)
                            .isCloseTo(Math.hypot((band ? b : a)[0], (band ? b : a)[1]) / scale, within(1e-4));
                    if (Math.hypot(o[0], o[1]) > 1) {
                        assertThat(angle(o, a)).as("phase at (%d,%d)", ky, kx).isLessThan(1e-3);
                    }
                    inBand += band && c == 0 ? 1 : 0;
                }
            }
        }
        assertThat(inBand).isEqualTo(25);
    }

    @Test
    void theOutputIsClippedToTheImageRange() {
        NDArray s = image(5, 0, 255), t = image(6, 200, 255); // the target's bright DC pushes the source past 255
        float[] raw = Fda.swapLowBand(s, t, 0.3).toFloatArray(), out = Fda.translate(s, t, 0.3).toFloatArray();
        assertThat(raw).matches(v -> max(v) > 255, "some pixels overshoot before clipping");
        assertThat(min(out)).isGreaterThanOrEqualTo(0f);
        assertThat(max(out)).isLessThanOrEqualTo(255f);
    }

    @Test
    void betaOutsideItsRangeIsRefused() {
        assertThatThrownBy(() -> Fda.bandRadius(10, 10, 0.5)).hasMessageContaining("--fda-beta");
        assertThatThrownBy(() -> Fda.bandRadius(10, 10, -0.1)).hasMessageContaining("--fda-beta");
    }

    private static int signed(int k, int n) {
        return k <= n / 2 ? k : k - n;
    }

    /** X[ky, kx] = Σ x[y, x] e^{−2πi(ky·y/H + kx·x/W)} of channel c. */
    private static double[] dft(float[] img, int c, int ky, int kx) {
        double re = 0, im = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double v = img[c * H * W + y * W + x], a = -2 * Math.PI * ((double) ky * y / H + (double) kx * x / W);
                re += v * Math.cos(a);
                im += v * Math.sin(a);
            }
        }
        return new double[] {re, im};
    }

    private static double angle(double[] a, double[] b) {
        double d = Math.atan2(a[1], a[0]) - Math.atan2(b[1], b[0]);
        return Math.abs(Math.atan2(Math.sin(d), Math.cos(d)));
    }

    private static float max(float[] v) {
        float x = Float.NEGATIVE_INFINITY;
        for (float f : v) {
            x = Math.max(x, f);
        }
        return x;
    }

    private static float min(float[] v) {
        float x = Float.POSITIVE_INFINITY;
        for (float f : v) {
            x = Math.min(x, f);
        }
        return x;
    }
}
