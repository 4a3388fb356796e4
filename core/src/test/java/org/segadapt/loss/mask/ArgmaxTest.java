package org.segadapt.loss.mask;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PredictionTest {

    @Test
    void maxAndArgmaxPerPixelOnHandExample() {
        try (NDManager m = NDManager.newBaseManager()) {
            // two images, three classes, 1×2 pixels; image 1 pixel 1 ties classes 0 and 2 → the lower class
            float[] v = {
                0.2f, 0.7f, /* c0 */ 0.5f, 0.1f, /* c1 */ 0.3f, 0.2f, // image 0
                0.4f, 0.1f, /* c0 */ 0.5f, 0.8f, /* c1 */ 0.1f, 0.1f, // image 1
            };
            Argmax p = Argmax.of(m.create(v, new Shape(2, 3, 1, 2)));
            assertThat(p.shape()).isEqualTo(new Shape(2, 1, 2));
            assertThat(p.classes()).containsExactly(1, 0, 1, 1);
            assertThat(p.confidence()).containsExactly(0.5f, 0.7f, 0.5f, 0.8f);
            float[] tie = {0.4f, 0.2f, 0.4f};
            assertThat(Argmax.of(m.create(tie, new Shape(1, 3, 1, 1))).classes()).containsExactly(0);
            NDArray keep = p.above(new float[] {0.6f, 0.55f, 0f}, m, m.create(0f));
            assertThat(keep.getShape()).isEqualTo(new Shape(2, 1, 2));
            assertThat(keep.toFloatArray()).containsExactly(0f, 1f, 0f, 1f);
        }
    }

    @Test
    void agreesWithLibtorchArgmaxOnARandomMap() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray prob = m.randomUniform(0, 1, new Shape(2, 19, 8, 12)).softmax(1);
            Argmax p = Argmax.of(prob);
            assertThat(p.classes()).containsExactly(prob.argMax(1).toType(DataType.INT32, false).toIntArray());
            assertThat(p.confidence()).containsExactly(prob.max(new int[] {1}).toFloatArray());
        }
    }

    @Test
    void quickselectMatchesSortingIncludingDuplicates() {
        Random r = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            float[] a = new float[1 + r.nextInt(60)];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextInt(8) / 8f; // many duplicates
            }
            float[] sorted = a.clone();
            Arrays.sort(sorted);
            int k = r.nextInt(a.length);
            assertThat(ClassAdaptiveThreshold.select(a.clone(), k)).as("k=%d of %s", k, Arrays.toString(a)).isEqualTo(sorted[k]);
        }
    }
}
