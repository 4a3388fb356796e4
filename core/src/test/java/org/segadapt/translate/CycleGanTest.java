package org.segadapt.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segadapt.data.streets.StreetBenchmark;
import org.segadapt.model.cyclegan.Ops;
import org.segadapt.model.cyclegan.ResnetGenerator;
import org.segadapt.run.RunSpec;
import org.segadapt.run.Runner;
import org.segadapt.train.Checkpoint;

/** CycleGAN's pieces against hand-computed values, and its training: losses fall, resume is exact. */
class CycleGanTest {
    private NDManager m;

    @BeforeEach
    void open() {
        m = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        m.close();
    }

    @Test
    void reflectionPaddingMirrorsWithoutRepeatingTheEdge() {
        NDArray x = m.arange(0f, 8f).reshape(1, 1, 2, 4);
        float[] padded = Ops.reflectionPad(x, 1, 1, 2, 1).toFloatArray(); // top 1, bottom 1, left 2, right 1: rows 1,0,1 of width 7
        assertThat(padded).containsExactly(
                6, 5, 4, 5, 6, 7, 6,
                2, 1, 0, 1, 2, 3, 2,
                6, 5, 4, 5, 6, 7, 6,
                2, 1, 0, 1, 2, 3, 2);
    }

    @Test
    void instanceNormNormalisesEachImagesChannelsOverTheirPixels() {
        float[] v = new float[2 * 3 * 4 * 5];
        Random r = new Random(3);
        for (int i = 0; i < v.length; i++) {
            v[i] = 5 + 3 * (float) r.nextGaussian() * (1 + i / 20);
        }
        float[] y = Ops.instanceNorm(m.create(v, new Shape(2, 3, 4, 5))).toFloatArray();
        for (int g = 0; g < 6; g++) {
            double mean = 0, sq = 0;
            for (int i = 0; i < 20; i++) {
                mean += y[g * 20 + i] / 20.0;
                sq += y[g * 20 + i] * y[g * 20 + i] / 20.0;
            }
            assertThat(mean).isCloseTo(0, within(1e-5));
            assertThat(sq - mean * mean).isCloseTo(1, within(1e-3)); // biased variance, ε = 1e-5
        }
    }

    /** ConvTranspose2d(3, stride 2, padding 1, output padding 1) by its definition: out[o, 2h−1+a, 2w−1+b] += x[i, h, w]·W[i, o, a, b]. */
    @Test
    void theGeneratorsUpsamplingIsATransposedConvolution() {
        ResnetGenerator g = new ResnetGenerator(new ResnetGenerator.Layout(1, 0));
        Ops.initialize(g, m, ResnetGenerator.initShape());
        var up = g.torchNames().get("model.10.weight"); // the first transposed convolution: 4 -> 2 channels
        var bias = g.torchNames().get("model.10.bias");
        assertThat(up.getArray().getShape()).isEqualTo(new Shape(4, 2, 3, 3));
        int cin = 4, cout = 2, h = 3, w = 5;
        Random r = new Random(9);
        float[] x = new float[cin * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] wt = up.getArray().toFloatArray(), b = bias.getArray().toFloatArray();
        double[] expected = new double[cout * 2 * h * 2 * w];
        for (int o = 0; o < cout; o++) {
            for (int y = 0; y < 2 * h; y++) {
                for (int z = 0; z < 2 * w; z++) {
                    expected[(o * 2 * h + y) * 2 * w + z] = b[o];
                }
            }
        }
        for (int i = 0; i < cin; i++) {
            for (int o = 0; o < cout; o++) {
                for (int y = 0; y < h; y++) {
                    for (int z = 0; z < w; z++) {
                        for (int a = 0; a < 3; a++) {
                            for (int c = 0; c < 3; c++) {
                                int oy = 2 * y - 1 + a, oz = 2 * z - 1 + c;
                                if (oy >= 0 && oy < 2 * h && oz >= 0 && oz < 2 * w) {
                                    expected[(o * 2 * h + oy) * 2 * w + oz] += x[(i * h + y) * w + z] * wt[((i * cout + o) * 3 + a) * 3 + c];
                                }
                            }
                        }
                    }
                }
            }
        }
        var block = ModuleAccess.child(g, "up1");
        float[] actual = block.forward(new ParameterStore(m, false), new NDList(m.create(x, new Shape(1, cin, h, w))), false)
                .singletonOrThrow().toFloatArray();
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) actual[i]).isCloseTo(expected[i], within(1e-4));
        }
    }

    @Test
    void theGeneratorKeepsTheImageSizeAndRange() {
        ResnetGenerator g = new ResnetGenerator(new ResnetGenerator.Layout(4, 1));
        Ops.initialize(g, m, ResnetGenerator.initShape());
        NDArray y = g.generate(new ParameterStore(m, false), m.randomUniform(-1, 1, new Shape(2, 3, 16, 24)), false);
        assertThat(y.getShape()).isEqualTo(new Shape(2, 3, 16, 24));
        assertThat(y.abs().max().getFloat()).isLessThanOrEqualTo(1f);
        assertThatThrownBy(() -> g.generate(new ParameterStore(m, false), m.zeros(new Shape(1, 3, 18, 24), DataType.FLOAT32), false))
                .hasMessageContaining("multiples of 4");
    }

    private static RunSpec spec(Path data, int iterations) {
        return RunSpec.builder().method("cyclegan").model("cyclegan").source("gta5:" + data.resolve("source"))
                .target("cityscapes:" + data.resolve("target")).iterations(iterations).batch(1).crop(32, 64).scale(1, 1)
                .learningRate(2e-4f).checkpointEvery(3).param("generator", "8x1").param("discriminatorWidth", 8).param("poolSize", 2)
                .seed(4).build();
    }

    @Test
    void trainingLowersTheCycleLossAndResumesExactly(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        StreetBenchmark.generate(data, new StreetBenchmark.Spec(32, 64, 6, 6, 1, 2));
        Path straight = dir.resolve("straight"), resumed = dir.resolve("resumed");
        CycleGanRun.train(spec(data, 40), straight, m, Runner.Options.quiet());
        List<String> lines = Files.readAllLines(straight.resolve("metrics.csv"));
        int cyc = List.of(lines.get(0).split(",")).indexOf("L_cyc");
        double first = mean(lines.subList(1, 6), cyc), last = mean(lines.subList(lines.size() - 5, lines.size()), cyc);
        assertThat(last).as("L_cyc over the last 5 iterations against the first 5").isLessThan(0.9 * first);

        // a run stopped after its checkpoint at iteration 3 and resumed gives the same losses and weights bit for bit
        Path short6 = dir.resolve("six");
        CycleGanRun.train(spec(data, 6), short6, m, Runner.Options.quiet());
        CycleGanRun.train(spec(data, 6).toBuilder().iterations(6).build(), resumed, m, Runner.Options.quiet());
        Files.writeString(resumed.resolve("latest"), "checkpoints/iter-000003\n");
        org.segadapt.io.Trees.delete(resumed.resolve("checkpoints/iter-000006"));
        CycleGanRun.train(spec(data, 6), resumed, m, Runner.Options.quiet());
        assertThat(Files.readAllLines(resumed.resolve("metrics.csv"))).isEqualTo(Files.readAllLines(short6.resolve("metrics.csv")));
        Path a = Checkpoint.resolve(short6), b = Checkpoint.resolve(resumed);
        for (String f : List.of("model.params", "F.params", "D_T.params", "D_S.params")) {
            assertThat(Files.readAllBytes(b.resolve(f))).as(f).isEqualTo(Files.readAllBytes(a.resolve(f)));
        }
        assertThatThrownBy(() -> Checkpoint.load(short6, m)).hasMessageContaining("translator");
    }

    private static double mean(List<String> rows, int column) {
        return rows.stream().mapToDouble(r -> Double.parseDouble(r.split(",")[column])).average().orElseThrow();
    }
}
