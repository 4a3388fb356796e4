package org.segadapt.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HandComputedLossTest {
    private static final double LN2 = Math.log(2);
    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    /** Three pixels: logits (0,0) label 0; (ln 3, 0) label 1; anything label 255. */
    private NDArray logits() {
        return manager.create(new float[] {0, (float) Math.log(3), 7, 0, 0, -2}, new Shape(1, 2, 1, 3));
    }

    @Test
    void maskedCrossEntropyIgnores255() {
        NDArray labels = manager.create(new int[] {0, 1, 255}, new Shape(1, 1, 3));
        // (ln 2 + ln 4) / 2 valid pixels
        assertThat(CrossEntropy.compute(logits(), labels).getFloat()).isCloseTo((float) (1.5 * LN2), offset(1e-6f));
        assertThat(CrossEntropy.perPixel(logits(), labels).toFloatArray())
                .containsExactly(new float[] {(float) LN2, (float) (2 * LN2), 0f}, offset(1e-6f));
    }

    @Test
    void pixelWeightsAreNormalisedOverValidPixels() {
        NDArray labels = manager.create(new int[] {0, 1, 255}, new Shape(1, 1, 3));
        NDArray weights = manager.create(new float[] {2, 1, 5}, new Shape(1, 1, 3));
        // (2·ln 2 + 1·ln 4) / (2 + 1): the ignored pixel's weight 5 does not count
        assertThat(CrossEntropy.compute(logits(), labels, weights).getFloat()).isCloseTo((float) (4 * LN2 / 3), offset(1e-6f));
    }

    @Test
    void allIgnoredGivesZeroNotNaN() {
        NDArray labels = manager.create(new int[] {255, 255, 255}, new Shape(1, 1, 3));
        assertThat(CrossEntropy.compute(logits(), labels).getFloat()).isEqualTo(0f);
    }

    @Test
    void labelShapeMismatchIsRejected() {
        NDArray labels = manager.create(new int[] {0, 1}, new Shape(1, 1, 2));
        assertThatThrownBy(() -> CrossEntropy.compute(logits(), labels)).hasMessageContaining("does not match");
    }

    @Test
    void entropyLossesOnHandValues() {
        // pixel 0: (0.5, 0.5); pixel 1: (1, 0) — zero probability must not give NaN; pixel 2 masked out
        NDArray p = manager.create(new float[] {0.5f, 1f, 0.3f, 0.5f, 0f, 0.7f}, new Shape(1, 2, 1, 3));
        NDArray mask = manager.create(new float[] {1, 1, 0}, new Shape(1, 1, 3));
        assertThat(new ShannonEntropy().compute(p, null, mask).getFloat()).isCloseTo((float) (LN2 / 2), offset(1e-6f));
        // ZJU's mean over the C = 2 classes of the 2 kept pixels: −½ · (0.5 + 1) / (2 · 2)
        assertThat(new MaxSquare().compute(p, null, mask).getFloat()).isCloseTo(-0.1875f, offset(1e-6f));
        // class mass over all three pixels (1.8, 1.2): pixel 0 Q = (0.4, 0.6) against (½, ½) → 1 bit / log₂ 2 = 1;
        // pixel 1 Q = (1, 0) against (1, 0) → 0
        assertThat(new ConfidenceEntropy().compute(p, null, mask).getFloat()).isCloseTo(0.5f, offset(1e-6f));
        NDArray empty = manager.zeros(new Shape(1, 1, 3));
        assertThat(new ShannonEntropy().compute(p, null, empty).getFloat()).isEqualTo(0f);
    }

    @Test
    void confidenceEntropyIsTheEntropyAgainstTheDecTargetOfTheBatch() {
        // two pixels (0.8, 0.2), (0.4, 0.6): class mass f = (1.2, 0.8); Q̃ = p²/f, Q = Q̃ / Σ_c Q̃
        // pixel A: Q = (0.914286, 0.085714), −Σ Q log₂ p = 0.493357; pixel B: Q = (0.228571, 0.771429) → 0.870671
        NDArray p = manager.create(new float[] {0.8f, 0.4f, 0.2f, 0.6f}, new Shape(1, 2, 1, 2));
        assertThat(new ConfidenceEntropy().compute(p, null, manager.ones(new Shape(1, 1, 2))).getFloat())
                .isCloseTo(0.682014f, offset(1e-5f));
        // the target sums over the whole batch, masked pixels included: keeping only A leaves A's value
        assertThat(new ConfidenceEntropy().compute(p, null, manager.create(new float[] {1, 0}, new Shape(1, 1, 2))).getFloat())
                .isCloseTo(0.493357f, offset(1e-5f));
    }

    @Test
    void imageWiseMaxSquareWeightsEachPixelByItsPredictedClassesShare() {
        // one image, pixels (0.6, 0.4), (0.9, 0.1), (0.2, 0.8): classes 0, 0, 1 (N_0 = 2, N_1 = 1, N = 3), r = 0.2
        // w_0 = 1/(2^0.2 · 3^0.8) = 0.361491, w_1 = 1/3^0.8 = 0.415244; L = −(w_0 (0.52 + 0.82) + w_1 0.68) / (B·C = 2)
        NDArray p = manager.create(new float[] {0.6f, 0.9f, 0.2f, 0.4f, 0.1f, 0.8f}, new Shape(1, 2, 1, 3));
        NDArray all = manager.ones(new Shape(1, 1, 3));
        assertThat(new MaxSquare(true).compute(p, null, all).getFloat()).isCloseTo(-0.383382f, offset(1e-5f));
        // plain: −(0.52 + 0.82 + 0.68) / (2 · 3 · 2)
        assertThat(new MaxSquare(false).compute(p, null, all).getFloat()).isCloseTo(-2.02f / 12, offset(1e-6f));
    }

    @Test
    void focalLossOnHandValues() {
        // one pixel, p̂ = (0.6, 0.4), p* = (0.8, 0.2), γ = 2
        NDArray weak = manager.create(new float[] {0.6f, 0.4f}, new Shape(1, 2, 1, 1));
        NDArray strong = manager.create(new float[] {0.8f, 0.2f}, new Shape(1, 2, 1, 1));
        NDArray mask = manager.ones(new Shape(1, 1, 1));
        double h = -(0.6 * Math.log(0.6) + 0.4 * Math.log(0.4));
        double kl = 0.6 * (Math.log(0.6) - 0.04 * Math.log(0.8)) + 0.4 * (Math.log(0.4) - 0.64 * Math.log(0.2));
        assertThat(new UnsupervisedFocalLoss(2).compute(weak, strong, mask).getFloat()).isCloseTo((float) (h + kl), offset(1e-6f));
        double ce = -(0.6 * Math.log(0.8) + 0.4 * Math.log(0.2));
        assertThat(new NeutralCrossEntropy().compute(weak, strong, mask).getFloat()).isCloseTo((float) (h + ce), offset(1e-6f));
        // γ = 0 turns L_KL' into the plain KL divergence, so L_focal = H(p̂, p*) = NCE's value
        assertThat(new UnsupervisedFocalLoss(0).compute(weak, strong, mask).getFloat())
                .isCloseTo((float) (h + ce - h), offset(1e-6f));
    }

    @Test
    void twoViewLossesNeedTheStrongView() {
        NDArray p = manager.create(new float[] {0.6f, 0.4f}, new Shape(1, 2, 1, 1));
        NDArray mask = manager.ones(new Shape(1, 1, 1));
        assertThatThrownBy(() -> new UnsupervisedFocalLoss().compute(p, null, mask)).hasMessageContaining("strongProb");
        assertThatThrownBy(() -> new NeutralCrossEntropy().compute(p, null, mask)).hasMessageContaining("strongProb");
        assertThat(new UnsupervisedFocalLoss().needsStrongView()).isTrue();
        assertThat(new ShannonEntropy().needsStrongView()).isFalse();
    }

    @Test
    void bceWithLogitsIsStable() {
        NDArray zero = manager.create(new float[] {0f});
        assertThat(Adversarial.bceWithLogits(zero, 1f).getFloat()).isCloseTo((float) LN2, offset(1e-6f));
        NDArray two = manager.create(new float[] {2f});
        assertThat(Adversarial.bceWithLogits(two, 1f).getFloat()).isCloseTo((float) Math.log1p(Math.exp(-2)), offset(1e-6f));
        assertThat(Adversarial.bceWithLogits(two, 0f).getFloat()).isCloseTo((float) (2 + Math.log1p(Math.exp(-2))), offset(1e-6f));
        NDArray far = manager.create(new float[] {-100f});
        assertThat(Adversarial.bceWithLogits(far, 1f).getFloat()).isCloseTo(100f, offset(1e-4f));
        // generator: target outputs labelled source (0); discriminator: mean of both terms
        assertThat(Adversarial.generatorLoss(two).getFloat()).isCloseTo((float) (2 + Math.log1p(Math.exp(-2))), offset(1e-6f));
        assertThat(Adversarial.discriminatorLoss(zero, two).getFloat())
                .isCloseTo((float) (0.5 * (LN2 + Math.log1p(Math.exp(-2)))), offset(1e-6f));
    }
}
