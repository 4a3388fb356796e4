package org.segadapt.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The official TUFL code's class weights and OHEM, by hand on two classes. */
class ReferenceReductionTest {
    private static double h(double p) {
        return -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
    }

    @Test
    void ohemKeepsTheTopShareOfTheMaskedPixelLosses() {
        try (NDManager m = NDManager.newBaseManager()) {
            // four pixels of two classes, p(class 0) = 0.5, 0.6, 0.9, 0.99; the 0.5 pixel is outside I_t
            float[] p0 = {0.5f, 0.6f, 0.9f, 0.99f};
            float[] v = new float[8];
            for (int i = 0; i < 4; i++) {
                v[i] = p0[i];
                v[4 + i] = 1 - p0[i];
            }
            NDArray prob = m.create(v, new Shape(1, 2, 1, 4));
            NDArray mask = m.create(new float[] {0, 1, 1, 1}, new Shape(1, 1, 4));
            ShannonEntropy shannon = new ShannonEntropy();
            float plain = new ReferenceReduction(shannon, null, 0).compute(prob, null, mask).getFloat();
            assertThat(plain).isCloseTo(shannon.compute(prob, null, mask).getFloat(), offset(1e-6f));
            // r = 0.5 of 3 pixels keeps ⌊1.5⌋ = 1: the largest, H(0.6)
            assertThat(new ReferenceReduction(shannon, null, 0.5).compute(prob, null, mask).getFloat())
                    .isCloseTo((float) h(0.6), offset(1e-6f));
            // r = 0.7 keeps 2: (H(0.6) + H(0.9)) / 2
            assertThat(new ReferenceReduction(shannon, null, 0.7).compute(prob, null, mask).getFloat())
                    .isCloseTo((float) ((h(0.6) + h(0.9)) / 2), offset(1e-6f));
            // class weights inside Σ_c: w = (2, 3) on p = 0.6 alone
            NDArray one = m.create(new float[] {0, 1, 0, 0}, new Shape(1, 1, 4));
            double weighted = -(2 * 0.6 * Math.log(0.6) + 3 * 0.4 * Math.log(0.4));
            assertThat(new ReferenceReduction(shannon, new float[] {2, 3}, 0).compute(prob, null, one).getFloat())
                    .isCloseTo((float) weighted, offset(1e-6f));
            assertThatThrownBy(() -> new ReferenceReduction(shannon, null, 1.5)).hasMessageContaining("[0, 1]");
        }
    }

    @Test
    void everyLossPerPixelFormAveragesToItsLoss() {
        try (NDManager m = NDManager.newBaseManager()) {
            java.util.Random r = new java.util.Random(4);
            float[] a = new float[2 * 5 * 3 * 4], b = new float[a.length], mask = new float[2 * 3 * 4];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextGaussian();
                b[i] = (float) r.nextGaussian();
            }
            for (int i = 0; i < mask.length; i++) {
                mask[i] = r.nextBoolean() ? 1 : 0;
            }
            NDArray weak = m.create(a, new Shape(2, 5, 3, 4)).softmax(1), strong = m.create(b, new Shape(2, 5, 3, 4)).softmax(1);
            NDArray it = m.create(mask, new Shape(2, 3, 4));
            for (UnsupervisedLoss loss : new UnsupervisedLoss[] {new ShannonEntropy(), new MaxSquare(), new ConfidenceEntropy(),
                new NeutralCrossEntropy(), new UnsupervisedFocalLoss()}) {
                assertThat(new ReferenceReduction(loss, null, 0).compute(weak, strong, it).getFloat()).as(loss.getClass().getSimpleName())
                        .isCloseTo(loss.compute(weak, strong, it).getFloat(), offset(1e-5f));
            }
        }
    }

    @Test
    void classWeightedCrossEntropyIsTheMeanOverValidPixels() {
        try (NDManager m = NDManager.newBaseManager()) {
            // pixels (0,0) label 0: ln 2; (ln 3, 0) label 1: ln 4; the third ignored
            NDArray logits = m.create(new float[] {0, (float) Math.log(3), 7, 0, 0, -2}, new Shape(1, 2, 1, 3));
            NDArray labels = m.create(new int[] {0, 1, 255}, new Shape(1, 1, 3));
            NDArray w = m.create(new float[] {2, 3});
            double ln2 = Math.log(2);
            assertThat(CrossEntropy.classWeighted(logits, labels, w, null).getFloat()).isCloseTo((float) ((2 * ln2 + 3 * 2 * ln2) / 2), offset(1e-5f));
            NDArray pixel = m.create(new float[] {0.5f, 1, 9}, new Shape(1, 1, 3));
            assertThat(CrossEntropy.classWeighted(logits, labels, w, pixel).getFloat()).isCloseTo((float) ((0.5 * 2 * ln2 + 3 * 2 * ln2) / 2),
                    offset(1e-5f));
        }
    }

    @Test
    void referenceTablesDoubleTheRareClassesInMiddle() {
        float[] small = ClassWeights.named("small"), middle = ClassWeights.named("middle"), large = ClassWeights.named("large");
        assertThat(small).hasSize(19);
        assertThat(small[0]).isCloseTo(2.6236585f, offset(1e-6f));
        assertThat(middle[12] / small[12]).isCloseTo(2f, offset(1e-6f)); // rider
        assertThat(middle[17] / small[17]).isCloseTo(2f, offset(1e-6f)); // motorcycle
        assertThat(large[16] / small[16]).isCloseTo(3f, offset(1e-5f)); // train ×2×1.5
        assertThat(middle[11]).isEqualTo(small[11]); // person unchanged
        assertThat(ClassWeights.named("none")).isNull();
        assertThatThrownBy(() -> ClassWeights.named("huge")).hasMessageContaining("none, small, middle or large");
    }
}
