package org.segadapt.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class StyleGapTest {
    // two 2-channel 1x2 feature maps per domain, written per image as {ch0 pixels, ch1 pixels}
    private static NDArray features(NDManager m, float[]... images) {
        float[] flat = new float[images.length * 4];
        for (int i = 0; i < images.length; i++) {
            System.arraycopy(images[i], 0, flat, 4 * i, 4);
        }
        return m.create(flat, new Shape(images.length, 2, 1, 2));
    }

    @Test
    void styleIsTheGlobalAverage() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray s = StyleGap.style(features(m, new float[] {1, 3, 2, 2}, new float[] {0, 4, -1, 1}));
            assertThat(s.getShape()).isEqualTo(new Shape(2, 2));
            assertThat(s.toFloatArray()).containsExactly(2, 2, 2, 0);
        }
    }

    @Test
    void gramLossByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            // A = [[1,3],[2,2]]: A·Aᵀ/2 = [[5,4],[4,4]];  B = [[1,1],[0,0]]: [[1,0],[0,0]];  batch mean [[3,2],[2,2]]
            // T = [[0,0],[1,1]]: [[0,0],[0,1]];  diff [[3,2],[2,1]] -> (9+4+4+1)/4 = 4.5
            NDArray src = features(m, new float[] {1, 3, 2, 2}, new float[] {1, 1, 0, 0});
            NDArray tgt = features(m, new float[] {0, 0, 1, 1});
            assertThat(StyleGap.gram(src).toFloatArray()).containsExactly(5, 4, 4, 4, 1, 0, 0, 0);
            assertThat(StyleGap.gramLoss(src, tgt).getFloat()).isCloseTo(4.5f, within(1e-6f));
            assertThat(StyleGap.gramLoss(src, src).getFloat()).isZero();
        }
    }

    @Test
    void meanStdLossByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            // source: μ = (2, 2), σ = (√(1+ε), √ε); target: μ = (0, 1), σ = (√ε, √ε)
            NDArray src = features(m, new float[] {1, 3, 2, 2});
            NDArray tgt = features(m, new float[] {0, 0, 1, 1});
            double eps = 1e-5;
            double dSigma = Math.sqrt(1 + eps) - Math.sqrt(eps);
            double expected = (4 + 1) / 2.0 + dSigma * dSigma / 2;
            assertThat((double) StyleGap.meanStdLoss(src, tgt).getFloat()).isCloseTo(expected, within(1e-5));
        }
    }

    @Test
    void adversarialLossesUseTheDiscriminatorOnStyles() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray src = features(m, new float[] {1, 3, 2, 2});
            NDArray tgt = features(m, new float[] {0, 0, 1, 1});
            // D(S) = Σ_c S_c: target style (0, 1) -> logit 1, source (2, 2) -> 4
            NDArray g = StyleGap.adversarialGeneratorLoss(s -> s.sum(new int[] {1}), tgt);
            assertThat((double) g.getFloat()).isCloseTo(Math.log(1 + Math.exp(1)), within(1e-5));
            NDArray d = StyleGap.adversarialDiscriminatorLoss(s -> s.sum(new int[] {1}), src, tgt);
            double expected = 0.5 * (Math.log(1 + Math.exp(4)) + Math.log(1 + Math.exp(-1)));
            assertThat((double) d.getFloat()).isCloseTo(expected, within(1e-5));
        }
    }

    @Test
    void modesParseAndMismatchesFail() {
        assertThat(StyleGap.Mode.parse("mean&std")).isEqualTo(StyleGap.Mode.MEANSTD);
        assertThat(StyleGap.Mode.parse("Adversarial")).isEqualTo(StyleGap.Mode.ADVERSARIAL);
        assertThatThrownBy(() -> StyleGap.Mode.parse("wasserstein")).hasMessageContaining("gram");
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> StyleGap.gramLoss(m.zeros(new Shape(1, 2, 2, 2)), m.zeros(new Shape(1, 3, 2, 2))))
                    .hasMessageContaining("channels");
        }
    }
}
