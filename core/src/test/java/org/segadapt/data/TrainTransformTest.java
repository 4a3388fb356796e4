package org.segadapt.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrainTransformTest {
    /** 2x3 sample: image channel c at (y,x) = 100c + 10y + x; label = 3y + x. */
    static Sample grid() {
        float[] img = new float[18];
        byte[] lbl = new byte[6];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 3; x++) {
                    img[c * 6 + y * 3 + x] = 100 * c + 10 * y + x;
                    lbl[y * 3 + x] = (byte) (3 * y + x);
                }
            }
        }
        return new Sample("g", 2, 3, img, lbl);
    }

    @Test
    void cropTakesTheWindowAndPadsWithZeroAndIgnore() {
        Sample c = TrainTransform.crop(grid(), 1, 1, 2, 3);
        assertThat(c.height()).isEqualTo(2);
        assertThat(c.width()).isEqualTo(3);
        // row 0 = source row 1, columns 1..2 then padding; row 1 entirely padding
        assertThat(c.label()).containsExactly(4, 5, (byte) 255, (byte) 255, (byte) 255, (byte) 255);
        assertThat(c.image()).startsWith(11f, 12f, 0f, 0f, 0f, 0f, 111f, 112f, 0f);
    }

    @Test
    void flipMirrorsImageAndLabel() {
        Sample f = TrainTransform.flip(grid());
        assertThat(f.label()).containsExactly(2, 1, 0, 5, 4, 3);
        assertThat(f.image()).startsWith(2f, 1f, 0f, 12f, 11f, 10f, 102f, 101f, 100f);
    }

    @Test
    void applyGivesTheCropSizeForAnyScaleAndIsAFunctionOfTheGenerator() {
        TrainTransform t = new TrainTransform(4, 5, 0.5f, 2.0f, true);
        Sample big = TrainTransform.scale(grid(), 3);
        for (int seed = 0; seed < 20; seed++) {
            Sample a = t.apply(big, new SplittableRandom(seed));
            Sample b = t.apply(big, new SplittableRandom(seed));
            assertThat(a.height()).isEqualTo(4);
            assertThat(a.width()).isEqualTo(5);
            assertThat(a.image()).containsExactly(b.image());
            assertThat(a.label()).containsExactly(b.label());
            for (byte v : a.label()) {
                assertThat(v & 0xFF).isIn(0, 1, 2, 3, 4, 5, 255); // nearest scaling invents no ids
            }
        }
    }

    @Test
    void fixedScaleWithoutFlipCropsTheScaledImage() {
        // scale exactly 2 -> 4x6; crop 4x6 leaves no freedom, flip off: result is the 2x upscaled grid
        Sample out = new TrainTransform(4, 6, 2f, 2f, false).apply(grid(), new SplittableRandom(7));
        assertThat(out.labelAt(3, 5)).isEqualTo(5);
        assertThat(out.labelAt(0, 2)).isEqualTo(1);
        assertThat(out.image()[0]).isEqualTo(0f);
        assertThat(out.image()[5]).isEqualTo(2f);
    }

    @Test
    void rejectsBadOptions() {
        assertThatThrownBy(() -> new TrainTransform(0, 4, 1f, 1f, true)).hasMessageContaining("crop size");
        assertThatThrownBy(() -> new TrainTransform(4, 4, 1.5f, 1f, true)).hasMessageContaining("scale range");
    }
}
