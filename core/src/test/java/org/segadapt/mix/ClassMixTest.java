package org.segadapt.mix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ClassMixTest {
    /** 4x4, classes 0 (top row), 2 (left half below), 5 (right half below), and 255 in one corner. */
    private static final int[] LABEL = {
        0, 0, 0, 0,
        2, 2, 5, 5,
        2, 2, 5, 5,
        2, 2, 5, 255};

    @Test
    void halfOfThePresentClassesAreChosenRoundedUpAndIgnoreNever() {
        SplittableRandom rng = new SplittableRandom(1);
        int[] sizes = {0, 1, 1, 2, 2, 3};
        for (int n = 0; n <= 5; n++) {
            int[] present = new int[n];
            for (int i = 0; i < n; i++) {
                present[i] = 3 * i;
            }
            assertThat(ClassMix.chooseHalf(present, rng)).hasSize(sizes[n]).isSorted();
        }
        assertThat(ClassMix.presentClasses(LABEL, 0, 16)).containsExactly(0, 2, 5);
    }

    @Test
    void theMaskCoversExactlyThePixelsOfTheChosenClasses() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray labels = m.create(LABEL, new Shape(1, 4, 4));
            int[] chosenCount = new int[6];
            for (long seed = 0; seed < 300; seed++) {
                int[] expected = ClassMix.chooseHalf(new int[] {0, 2, 5}, new SplittableRandom(seed));
                TreeSet<Integer> chosen = new TreeSet<>();
                for (int c : expected) {
                    chosen.add(c);
                    chosenCount[c]++;
                }
                float[] mask = ClassMix.mask(labels, new SplittableRandom(seed)).toFloatArray();
                assertThat(chosen).hasSize(2);
                for (int i = 0; i < 16; i++) {
                    assertThat(mask[i]).as("seed %d pixel %d", seed, i).isEqualTo(chosen.contains(LABEL[i]) ? 1f : 0f);
                }
            }
            // each class is in 2 of the 3 possible pairs
            for (int c : new int[] {0, 2, 5}) {
                assertThat(chosenCount[c]).isBetween(170, 230);
            }
        }
    }

    @Test
    void eq10MixesImagesAndLabelsByTheMask() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray ys = m.create(new int[] {0, 0, 2, 2, 1, 1, 1, 1}, new Shape(2, 2, 2));
            NDArray yt = m.create(new int[] {9, 9, 9, 9, 8, 8, 8, 8}, new Shape(2, 2, 2));
            NDArray xs = m.ones(new Shape(2, 3, 2, 2));
            NDArray xt = m.zeros(new Shape(2, 3, 2, 2)).add(0.25f);
            NDArray mask = m.create(new float[] {1, 0, 0, 1, 0, 0, 0, 0}, new Shape(2, 2, 2));
            ClassMix.Mixed mixed = ClassMix.mix(mask, xs, ys, xt, yt);
            assertThat(mixed.labels().getDataType()).isEqualTo(DataType.INT32);
            assertThat(mixed.labels().toIntArray()).containsExactly(0, 9, 9, 2, 8, 8, 8, 8);
            float[] x = mixed.images().toFloatArray();
            assertThat(x).hasSize(24);
            for (int c = 0; c < 3; c++) {
                assertThat(new float[] {x[c * 4], x[c * 4 + 1], x[c * 4 + 2], x[c * 4 + 3]}).containsExactly(1f, 0.25f, 0.25f, 1f);
                assertThat(x[12 + c * 4]).isEqualTo(0.25f);
            }
            // one image with a single class: ⌈1/2⌉ = 1 class, the whole image comes from the source
            ClassMix.Mixed all = ClassMix.mix(xs.get("0:1"), m.zeros(new Shape(1, 2, 2), DataType.INT32), xt.get("0:1"),
                    yt.get("0:1"), new SplittableRandom(3));
            assertThat(all.mask().toFloatArray()).containsOnly(1f);
            assertThatThrownBy(() -> ClassMix.mix(mask, xs, ys, xt.get("0:1"), yt)).hasMessageContaining("same N,H,W");
        }
    }
}
