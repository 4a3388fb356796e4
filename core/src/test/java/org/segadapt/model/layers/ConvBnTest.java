package org.segadapt.model.layers;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.segadapt.model.Models;
import org.segadapt.model.SegmentationModel;
import org.segadapt.nd.HostArrays;

class ConvBnTest {
    /** BatchNorm statistics and affine terms as a trained network has them (the initial ones fold to nearly nothing). */
    private static void randomiseBatchNorm(SegmentationModel model, long seed) {
        Random r = new Random(seed);
        for (var p : model.getParameters()) {
            Parameter.Type t = p.getValue().getType();
            NDArray a = p.getValue().getArray();
            float[] v = new float[(int) a.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = switch (t) {
                    case GAMMA -> 0.7f + 0.6f * r.nextFloat();
                    case BETA, RUNNING_MEAN -> 0.2f * (float) r.nextGaussian();
                    case RUNNING_VAR -> 0.5f + r.nextFloat();
                    default -> Float.NaN;
                };
            }
            if (t == Parameter.Type.GAMMA || t == Parameter.Type.BETA || t == Parameter.Type.RUNNING_MEAN || t == Parameter.Type.RUNNING_VAR) {
                a.set(v);
            }
        }
    }

    private static float[] logits(SegmentationModel model, NDManager m, NDArray x, boolean training) {
        try (NDManager sub = m.newSubManager()) {
            return model.run(new ParameterStore(sub, false), x, training).logits().toFloatArray();
        }
    }

    @Test
    void foldedNetworksGiveTheUnfoldedLogitsAndTrainingIsUntouched() {
        for (String kind : new String[] {"small", "bisenet", "deeplabv2"}) {
            try (NDManager m = NDManager.newBaseManager()) {
                SegmentationModel model = Models.create(kind, 19);
                Models.initialize(model, m);
                randomiseBatchNorm(model, 3);
                float[] img = new float[3 * 64 * 96];
                Random r = new Random(5);
                for (int i = 0; i < img.length; i++) {
                    img[i] = r.nextFloat();
                }
                NDArray x = HostArrays.floats(m, img, new Shape(1, 3, 64, 96));
                float[] plain = logits(model, m, x, false);

                int pairs = ConvBn.fold(model, true);
                assertThat(pairs).as(kind).isGreaterThan(kind.equals("deeplabv2") ? 100 : 8);
                float[] folded = logits(model, m, x, false);
                float scale = 1, diff = 0;
                for (int i = 0; i < plain.length; i++) {
                    scale = Math.max(scale, Math.abs(plain[i]));
                    diff = Math.max(diff, Math.abs(plain[i] - folded[i]));
                }
                assertThat(diff / scale).as(kind + " max |Δlogit| / max(1, |logit|)").isLessThan(1e-4f).isGreaterThan(0f);

                ConvBn.fold(model, false);
                assertThat(logits(model, m, x, false)).as(kind + " unfolded again").containsExactly(plain);
            }
        }
    }

    @Test
    void trainingModeNeverUsesTheFoldedCopy() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            SegmentationModel model = Models.create("small", 19);
            Models.initialize(model, m);
            randomiseBatchNorm(model, 4);
            float[] img = new float[2 * 3 * 32 * 64];
            Random r = new Random(6);
            for (int i = 0; i < img.length; i++) {
                img[i] = r.nextFloat();
            }
            NDArray x = HostArrays.floats(m, img, new Shape(2, 3, 32, 64));
            // training updates the running statistics, so compare two fresh copies of the same state
            Engine.getInstance().setRandomSeed(1);
            SegmentationModel twin = Models.create("small", 19);
            Models.initialize(twin, m);
            randomiseBatchNorm(twin, 4);
            ConvBn.fold(twin, true);
            assertThat(logits(twin, m, x, true)).containsExactly(logits(model, m, x, true));
        }
    }
}
