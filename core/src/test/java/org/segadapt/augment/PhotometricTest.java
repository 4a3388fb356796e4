package org.segadapt.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PhotometricTest {
    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private NDArray image(Random r, int n, int h, int w) {
        float[] v = new float[n * 3 * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat();
        }
        return manager.create(v, new Shape(n, 3, h, w));
    }

    @Test
    void seededDrawsAreReproducibleAndStayInRange() {
        NDArray x = image(new Random(1), 2, 8, 10);
        NDArray a = new Photometric(Photometric.Strength.DEFAULT, new Random(9)).apply(x);
        NDArray b = new Photometric(Photometric.Strength.DEFAULT, new Random(9)).apply(x);
        assertThat(a.getShape()).isEqualTo(x.getShape());
        assertThat(a.toFloatArray()).containsExactly(b.toFloatArray());
        assertThat(a.min().getFloat()).isGreaterThanOrEqualTo(0f);
        assertThat(a.max().getFloat()).isLessThanOrEqualTo(1f);
        assertThat(a.sub(x).abs().max().getFloat()).isGreaterThan(0f);
    }

    @Test
    void jitterOnHandValues() {
        // one pixel (0.2, 0.4, 0.6): gray = 0.299·0.2 + 0.587·0.4 + 0.114·0.6 = 0.3630
        NDArray px = manager.create(new float[] {0.2f, 0.4f, 0.6f}, new Shape(1, 3, 1, 1));
        assertThat(Photometric.brightness(px, new float[] {1.5f}).toFloatArray())
                .containsExactly(new float[] {0.3f, 0.6f, 0.9f}, offset(1e-6f));
        assertThat(Photometric.saturation(px, new float[] {0f}).toFloatArray())
                .containsExactly(new float[] {0.363f, 0.363f, 0.363f}, offset(1e-6f));
        // one pixel is its own mean: contrast leaves the gray level and moves colours by f around it
        assertThat(Photometric.contrast(px, new float[] {0f}).toFloatArray())
                .containsExactly(new float[] {0.363f, 0.363f, 0.363f}, offset(1e-6f));
    }

    @Test
    void blurKeepsConstantImagesIncludingBordersAndSmoothsNoise() {
        NDArray flat = manager.full(new Shape(1, 3, 6, 7), 0.4f);
        NDArray blurredFlat = Photometric.gaussianBlur(flat, 1.2);
        assertThat(blurredFlat.sub(0.4f).abs().max().getFloat()).isLessThan(1e-6f);
        NDArray noisy = image(new Random(2), 1, 16, 16);
        NDArray blurred = Photometric.gaussianBlur(noisy, 1.5);
        assertThat(blurred.sub(blurred.mean()).square().mean().getFloat())
                .isLessThan(noisy.sub(noisy.mean()).square().mean().getFloat() / 4);
    }

    @Test
    void noiseHasTheRequestedStd() {
        NDArray zero = manager.zeros(new Shape(1, 3, 64, 64));
        NDArray n = Photometric.gaussianNoise(zero, new float[] {0.1f}, new Random(3));
        assertThat((float) Math.sqrt(n.square().mean().getFloat())).isCloseTo(0.1f, offset(0.005f));
    }

    @Test
    void normalQuantilesMatchTablesOfTheStandardNormal() {
        assertThat(Photometric.inverseNormalCdf(0.975)).isCloseTo(1.959963985, offset(1e-8));
        assertThat(Photometric.inverseNormalCdf(0.8413447460685429)).isCloseTo(1.0, offset(1e-8));
        assertThat(Photometric.inverseNormalCdf(0.001)).isCloseTo(-3.090232306, offset(1e-8));
        assertThat(Photometric.inverseNormalCdf(0.5)).isCloseTo(0.0, offset(1e-12));
        double sum = 0;
        double squares = 0;
        for (float z : Photometric.NORMAL_QUANTILES) {
            sum += z;
            squares += z * z;
        }
        int n = Photometric.NORMAL_QUANTILES.length;
        assertThat(sum / n).isCloseTo(0.0, offset(1e-6));
        assertThat(squares / n).isCloseTo(1.0, offset(1e-3)); // bin midpoints lose only the variance inside the bins
    }
}
