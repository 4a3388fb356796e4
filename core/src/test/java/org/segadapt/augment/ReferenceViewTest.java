package org.segadapt.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official TUFL code's strong view: PIL's enhancers and equalize by hand, draws per image. */
class ReferenceViewTest {
    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void equalizeIsPilsLookupTable() {
        // 510 pixels: 255 at level 0 and 255 at level 100 → step = (510 − 255) / 255 = 1, lut[0] = 0, lut[100] = 255
        float[] rgb = new float[3 * 510];
        for (int p = 0; p < 510; p++) {
            rgb[p] = p < 255 ? 0 : 100 / 255f;
            rgb[510 + p] = 0.5f; // one level only: step 0, left as it is
            rgb[1020 + p] = p < 255 ? 0 : 100 / 255f;
        }
        float[] out = ReferenceView.equalize(rgb, 510);
        assertThat(out[0]).isZero();
        assertThat(out[300]).isEqualTo(1f);
        assertThat(out[510 + 7]).isEqualTo(0.5f);
        assertThat(out[1020 + 300]).isEqualTo(1f);
        // three equal groups of 170 at levels 10, 20, 30: step = 340 / 255 = 1, lut = 0, 170, 340 → 255
        float[] three = new float[3 * 510];
        for (int p = 0; p < 3 * 510; p++) {
            three[p] = (10 + 10 * ((p % 510) / 170)) / 255f;
        }
        float[] eq = ReferenceView.equalize(three, 510);
        assertThat(new float[] {eq[0], eq[200], eq[400]}).containsExactly(0f, 170 / 255f, 1f);
    }

    @Test
    void sharpnessBlendsWithPilsSmoothKeepingTheBorder() {
        float[] v = new float[3 * 4 * 5];
        v[1 * 5 + 2] = 13; // one bright interior pixel (row 1, column 2) of channel 0
        NDArray x = manager.create(v, new Shape(1, 3, 4, 5));
        assertThat(ReferenceView.sharpness(x, new float[] {1}).toFloatArray()).containsExactly(v, offset(1e-5f));
        float[] smooth = ReferenceView.sharpness(x, new float[] {0}).toFloatArray();
        assertThat(smooth[1 * 5 + 2]).isCloseTo(5f, offset(1e-5f)); // the centre weight 5/13
        assertThat(smooth[2 * 5 + 3]).isCloseTo(1f, offset(1e-5f)); // an interior neighbour 1/13
        assertThat(smooth[0 * 5 + 2]).isZero(); // the border keeps the original
        float[] sharp = ReferenceView.sharpness(x, new float[] {2}).toFloatArray();
        assertThat(sharp[1 * 5 + 2]).isCloseTo(5 + 2 * (13 - 5), offset(1e-4f));
    }

    @Test
    void shadowDarkensByAtMostThirtyPercentWithAFieldPerImage() {
        float[] f = ReferenceView.shadowFactors(new Random(3), 2, 16, 32);
        for (float v : f) {
            assertThat(v).isBetween(0.7f, 1f);
        }
        assertThat(f[5]).isNotEqualTo(f[16 * 32 + 5]);
    }

    @Test
    void drawsEveryImageItsOwnViewAndMap() {
        Random r = new Random(1);
        float[] one = new float[3 * 24 * 32];
        for (int i = 0; i < one.length; i++) {
            one[i] = r.nextFloat();
        }
        float[] two = new float[2 * one.length];
        System.arraycopy(one, 0, two, 0, one.length);
        System.arraycopy(one, 0, two, one.length, one.length);
        NDArray x = manager.create(two, new Shape(2, 3, 24, 32));
        StrongView.Drawn a = new ReferenceView().draw(x, new Random(5)), b = new ReferenceView().draw(x, new Random(5));
        assertThat(a.images().toFloatArray()).containsExactly(b.images().toFloatArray());
        float[] s = a.images().toFloatArray();
        for (float v : s) {
            assertThat(v).isBetween(0f, 1f);
        }
        // the same image twice: its two views differ, and so do the two maps g applied to the same values
        assertThat(a.images().get(0).toFloatArray()).isNotEqualTo(a.images().get(1).toFloatArray());
        NDArray warped = a.g().apply(x);
        assertThat(warped.getShape()).isEqualTo(x.getShape());
        assertThat(warped.get(0).toFloatArray()).isNotEqualTo(warped.get(1).toFloatArray());
        assertThat(a.g().validMask(x).getShape()).isEqualTo(new Shape(2, 24, 32));
        assertThatThrownBy(() -> StrongView.named("strong")).hasMessageContaining("batch or reference");
    }
}
