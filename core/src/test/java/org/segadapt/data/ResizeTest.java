package org.segadapt.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ResizeTest {
    @Test
    void bilinearUpsamplingUsesHalfPixelCentres() {
        // in 2 -> out 4: source x = (i+0.5)/2-0.5 = -0.25 (clamped 0), 0.25, 0.75, 1.25 (clamped 1)
        float[] out = Resize.bilinear(new float[] {0f, 1f}, 1, 1, 2, 1, 4);
        assertThat(out).containsExactly(new float[] {0f, 0.25f, 0.75f, 1f}, within(1e-6f));
    }

    @Test
    void bilinearDownsamplingByTwoAveragesPairsWithoutAntialiasing() {
        // in 4 -> out 2: source x = 0.5 and 2.5
        float[] out = Resize.bilinear(new float[] {0f, 2f, 10f, 20f}, 1, 1, 4, 1, 2);
        assertThat(out).containsExactly(new float[] {1f, 15f}, within(1e-6f));
        // 2-D, per channel: 2x2 -> 1x1 is the mean of the four
        float[] two = Resize.bilinear(new float[] {1, 2, 3, 4, 10, 20, 30, 40}, 2, 2, 2, 1, 1);
        assertThat(two).containsExactly(new float[] {2.5f, 25f}, within(1e-6f));
    }

    @Test
    void nearestPicksPixelCentresAndKeepsOnlyInputValues() {
        byte[] in = {0, 1, 2, 3};
        assertThat(Resize.nearest(in, 1, 4, 1, 2)).containsExactly(1, 3);
        // out 5 from in 2: source floor((x+0.5)*2/5) = 0, 0, 1, 1, 1
        assertThat(Resize.nearest(new byte[] {5, (byte) 255}, 1, 2, 1, 5)).containsExactly(5, 5, (byte) 255, (byte) 255, (byte) 255);
    }
}
