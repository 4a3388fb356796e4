package org.segadapt.loss.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConfidenceMaskTest {
    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    /** Binary prediction (1,2,1,W) with p_0 given per pixel. */
    private NDArray binary(float... p0) {
        float[] v = new float[2 * p0.length];
        for (int i = 0; i < p0.length; i++) {
            v[i] = p0[i];
            v[p0.length + i] = 1 - p0[i];
        }
        return manager.create(v, new Shape(1, 2, 1, p0.length));
    }

    @Test
    void fixedThresholdKeepsConfidentPixels() {
        NDArray mask = new FixedThreshold(0.8).mask(binary(0.9f, 0.5f, 0.1f, 0.75f));
        assertThat(mask.getDataType()).isEqualTo(DataType.FLOAT32);
        assertThat(mask.getShape()).isEqualTo(new Shape(1, 1, 4));
        assertThat(mask.toFloatArray()).containsExactly(1f, 0f, 1f, 0f);
    }

    // class 0: ten pixels; class 1: three pixels (p_1 = 0.9, 0.7, 0.55)
    private static final float[] P0 = {0.99f, 0.97f, 0.95f, 0.9f, 0.85f, 0.8f, 0.75f, 0.7f, 0.65f, 0.6f, 0.1f, 0.3f, 0.45f};

    @Test
    void thresholdUpdateOnHandExample() {
        ClassAdaptiveThreshold t = new ClassAdaptiveThreshold(2); // t 0.8, a 0.9, b 0.8, d 8
        NDArray mask = t.mask(binary(P0));
        // b·(e^{0.8−1})^8 = 0.8·e^{−1.6} = 0.16152: class 0 ⌊1.615⌋ = 1 → 2nd largest 0.97; class 1 ⌊0.485⌋ = 0 → 0.9
        assertThat(t.alphas()[0]).isCloseTo(0.9f * 0.8f + 0.1f * 0.97f, offset(1e-6f)); // 0.817
        assertThat(t.alphas()[1]).isCloseTo(0.9f * 0.8f + 0.1f * 0.9f, offset(1e-6f));  // 0.81
        // mask under the updated α: class 0 p > 0.817 → 0.99 … 0.85; class 1 p > 0.81 → only 0.9
        assertThat(mask.toFloatArray()).containsExactly(1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0);
    }

    @Test
    void maskUsesTheThresholdUpdatedWithThisBatch() {
        ClassAdaptiveThreshold t = new ClassAdaptiveThreshold(2, 0.8, 0.5, 0.8, 8);
        NDArray mask = t.mask(binary(P0));
        // α_0 = 0.5·0.8 + 0.5·0.97 = 0.885 (α_{k−1} = 0.8 would also keep the 0.85 pixel); α_1 = 0.85
        assertThat(t.alphas()[0]).isCloseTo(0.885f, offset(1e-6f));
        assertThat(mask.toFloatArray()).containsExactly(1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0);
    }

    @Test
    void lowThresholdClassesKeepALargerShareAndAbsentClassesKeepTheirThreshold() {
        ClassAdaptiveThreshold t = new ClassAdaptiveThreshold(new float[] {0.5f, 0.3f}, 0.9, 0.8, 8);
        t.update(binary(0.99f, 0.97f, 0.95f, 0.9f, 0.85f, 0.8f, 0.75f, 0.7f, 0.65f, 0.6f));
        // class 0: 0.8·e^{−4} = 0.01465 → index 0 → 0.99; class 1 absent
        assertThat(t.alphas()[0]).isCloseTo(0.9f * 0.5f + 0.1f * 0.99f, offset(1e-6f));
        assertThat(t.alphas()[1]).isEqualTo(0.3f);
    }

    @Test
    void indexIsClampedToTheSmallestConfidence() {
        ClassAdaptiveThreshold t = new ClassAdaptiveThreshold(new float[] {1f, 1f}, 0.5, 1.0, 0);
        t.update(binary(0.9f, 0.7f, 0.6f));
        // fraction 1 → index |p_m| = 3 → clamped to 2 → 0.6
        assertThat(t.alphas()[0]).isCloseTo(0.5f + 0.5f * 0.6f, offset(1e-6f));
        assertThat(t.maskWithoutUpdate(binary(0.9f, 0.7f, 0.6f)).toFloatArray()).containsExactly(1, 0, 0);
        assertThat(t.alphas()[0]).isCloseTo(0.8f, offset(1e-6f));
    }

    @Test
    void thresholdsRoundTripAndAreValidated() {
        ClassAdaptiveThreshold t = new ClassAdaptiveThreshold(3);
        t.setAlphas(new float[] {0.1f, 0.2f, 0.3f});
        assertThat(t.alphas()).containsExactly(0.1f, 0.2f, 0.3f);
        assertThatThrownBy(() -> t.setAlphas(new float[] {0.1f})).hasMessageContaining("3");
        assertThatThrownBy(() -> t.setAlphas(new float[] {0.1f, 2f, 0.3f})).hasMessageContaining("class 1");
        assertThatThrownBy(() -> t.mask(binary(0.5f))).hasMessageContaining("classes");
    }

    @Test
    void categoryEntropyThresholdOnHandExample() {
        CategoryEntropyThreshold cat = new CategoryEntropyThreshold(3, 0.1);
        // pixels: (0.9,0.1,0) and (0.7,0.3,0) decided 0; (0.4,0.6,0) decided 1; class 2 never
        NDArray batch1 = manager.create(new float[] {0.9f, 0.7f, 0.1f, 0.3f, 0f, 0f}, new Shape(1, 3, 1, 2));
        NDArray batch2 = manager.create(new float[] {0.4f, 0.6f, 0f}, new Shape(1, 3, 1, 1));
        cat.accumulate(batch1);
        cat.accumulate(batch2);
        float[][] f = cat.centroids();
        assertThat(f[0]).containsExactly(new float[] {0.8f, 0.2f, 0f}, offset(1e-6f));
        assertThat(f[1]).containsExactly(new float[] {0.4f, 0.6f, 0f}, offset(1e-6f));
        assertThat(cat.counts()).containsExactly(2, 1, 0);
        float[] e = cat.centroidEntropies();
        assertThat(e[0]).isCloseTo((float) -(0.8 * Math.log(0.8) + 0.2 * Math.log(0.2)), offset(1e-5f)); // 0.5004
        assertThat(e[1]).isCloseTo((float) -(0.4 * Math.log(0.4) + 0.6 * Math.log(0.6)), offset(1e-5f)); // 0.6730
        assertThat(e[2]).isNaN();
        // E: (0.9,0.1) 0.325 < 0.400 ✓; (0.7,0.3) 0.611 ✗; (0.4,0.6) 0.673 ≥ 0.573 ✗; (0.05,0.95) 0.199 < 0.573 ✓;
        // (0.1,0.1,0.8) decided 2, no centroid ✗
        NDArray test = manager.create(new float[] {
                0.9f, 0.7f, 0.4f, 0.05f, 0.1f,
                0.1f, 0.3f, 0.6f, 0.95f, 0.1f,
                0f, 0f, 0f, 0f, 0.8f}, new Shape(1, 3, 1, 5));
        assertThat(cat.mask(test).toFloatArray()).containsExactly(1, 0, 0, 1, 0);
        // Δ = 0.45 removes the (0.9, 0.1) pixel (0.325 ≥ 0.500 − 0.45) but keeps (0.05, 0.95) (0.199 < 0.673 − 0.45)
        CategoryEntropyThreshold strict = new CategoryEntropyThreshold(3, 0.45);
        strict.accumulate(batch1);
        strict.accumulate(batch2);
        assertThat(strict.mask(test).toFloatArray()).containsExactly(0, 0, 0, 1, 0);
    }

    @Test
    void categoryEntropyThresholdNeedsAccumulation() {
        CategoryEntropyThreshold cat = new CategoryEntropyThreshold(2, 0.0);
        assertThatThrownBy(() -> cat.mask(binary(0.9f))).isInstanceOf(IllegalStateException.class);
    }
}
