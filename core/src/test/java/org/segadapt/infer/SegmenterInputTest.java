package org.segadapt.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.segadapt.model.Bilinear;
import org.segadapt.model.Models;
import org.segadapt.model.SegmentationModel;
import org.segadapt.nd.HostArrays;

class SegmenterInputTest {
    private static final int H = 64, W = 96, C = 19;

    private static float[] image() {
        float[] x = new float[3 * H * W];
        Random r = new Random(2);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        return x;
    }

    /** A seeded small network and one random image, fresh for every test. */
    private NDManager m;
    private SegmentationModel model;
    private NDArray x;

    @BeforeEach
    void network() {
        m = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed(3);
        model = Models.create("small", C);
        Models.initialize(model, m);
        x = HostArrays.floats(m, image(), new Shape(1, 3, H, W));
    }

    @AfterEach
    void release() {
        m.close();
    }

    private static float[] logits(SegmentationModel model, NDManager m, NDArray x) {
        return model.run(new ParameterStore(m, false), x, false).logits().toFloatArray();
    }

    private static float[] softmax(float[] logits) {
        float[] p = new float[logits.length];
        for (int i = 0; i < H * W; i++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int c = 0; c < C; c++) {
                max = Math.max(max, logits[c * H * W + i]);
            }
            for (int c = 0; c < C; c++) {
                sum += Math.exp(logits[c * H * W + i] - max);
            }
            for (int c = 0; c < C; c++) {
                p[c * H * W + i] = (float) (Math.exp(logits[c * H * W + i] - max) / sum);
            }
        }
        return p;
    }

    private static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).as("element " + i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(2e-5f));
        }
    }

    @Test
    void slidingWindowsAverageTheLogitsOfEveryWindowCoveringAPixel() {
        Segmenter s = Segmenter.of(model, m);
        // windows 32x64 every 24: rows at y 0, 24, 32 and columns at x 0, 24, 32 (the last flush with the border)
        float[] sum = new float[C * H * W];
        int[] count = new int[H * W];
        for (int y1 : new int[] {0, 24, 32}) {
            for (int x1 : new int[] {0, 24, 32}) {
                float[] t = logits(model, m, x.get(new NDIndex(":, :, {}:{}, {}:{}", y1, y1 + 32, x1, x1 + 64)));
                for (int c = 0; c < C; c++) {
                    for (int y = 0; y < 32; y++) {
                        for (int q = 0; q < 64; q++) {
                            sum[c * H * W + (y1 + y) * W + x1 + q] += t[c * 32 * 64 + y * 64 + q];
                        }
                    }
                }
                for (int y = 0; y < 32; y++) {
                    for (int q = 0; q < 64; q++) {
                        count[(y1 + y) * W + x1 + q] += 1;
                    }
                }
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= count[i % (H * W)];
        }
        assertClose(s.input(Segmenter.Input.slidingWindow(32, 64, 24)).probabilities(x).toFloatArray(), softmax(sum));
        // a window as large as the image is the whole image, bit for bit
        float[] whole = s.input(Segmenter.Input.whole()).probabilities(x).toFloatArray();
        assertThat(s.input(Segmenter.Input.slidingWindow(H, W, 8)).probabilities(x).toFloatArray()).containsExactly(whole);
        assertThat(s.input(Segmenter.Input.resize(H, W)).probabilities(x).toFloatArray()).containsExactly(whole);
    }

    @Test
    void resizedInputRunsAtTheGivenSizeAndComesBackAtTheImagesSize() {
        NDArray small = Bilinear.resize(x, 32, 48, false);
        NDArray expected = Bilinear.resize(model.run(new ParameterStore(m, false), small, false).logits(), H, W, false);
        Segmentation seg = Segmenter.of(model, m).input(Segmenter.Input.resize(32, 48)).segment(image(), H, W);
        assertThat(seg.height()).isEqualTo(H);
        assertClose(Segmenter.of(model, m).input(Segmenter.Input.resize(32, 48)).probabilities(x).toFloatArray(),
                softmax(expected.toFloatArray()));
    }

    @Test
    void multiScaleWithOneScaleIsPlainAndWithFlipTheMeanOfBothPasses() {
        Segmenter s = Segmenter.of(model, m);
        float[] plain = s.probabilities(x).toFloatArray();
        assertThat(s.multiScale(new double[] {1}, false).probabilities(x).toFloatArray()).containsExactly(plain);
        float[] mirrored = s.multiScale(new double[] {1}, false).probabilities(x.flip(3)).flip(3).toFloatArray();
        float[] mean = new float[plain.length];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (plain[i] + mirrored[i]) / 2;
        }
        assertClose(s.multiScale(new double[] {1}, true).probabilities(x).toFloatArray(), mean);
        // scales 1 and 0.5: the half-size pass resized back (corners aligned), then the mean of the two
        NDArray half = Bilinear.resize(x, H / 2, W / 2, true);
        float[] small = Bilinear.resize(s.multiScale(new double[] {1}, false).probabilities(half), H, W, true).toFloatArray();
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (plain[i] + small[i]) / 2;
        }
        assertClose(s.multiScale(new double[] {1, 0.5}, false).probabilities(x).toFloatArray(), mean);
        assertThatThrownBy(() -> s.multiScale(new double[] {0}, false)).hasMessageContaining("--scales");
    }

    @Test
    void inputModesParseStrictly() {
        assertThat(Segmenter.Input.parse("whole")).isEqualTo(Segmenter.Input.whole());
        assertThat(Segmenter.Input.parse("resize:512x1024")).isEqualTo(Segmenter.Input.resize(512, 1024));
        assertThat(Segmenter.Input.parse("slide:512x1024:341")).isEqualTo(Segmenter.Input.slidingWindow(512, 1024, 341));
        for (String bad : new String[] {"slide:512x1024", "resize:0x10", "resize:axb", "tiles", "slide:8x8:0"}) {
            assertThatThrownBy(() -> Segmenter.Input.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
