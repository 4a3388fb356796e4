package org.segadapt.method.cada;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.segadapt.data.Batch;
import org.segadapt.data.Sample;
import org.segadapt.model.Models;
import org.segadapt.model.SegmentationModel;

/** Tiny models and toy batches for the CaDA tests. */
final class CadaFixtures {
    private CadaFixtures() {}

    static SegmentationModel small(NDManager m, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        SegmentationModel model = Models.create("small", 19);
        Models.initialize(model, m);
        return model;
    }

    /** Road below a random horizon, sky above; {@code tint} shifts the colours (a "style"). */
    static Batch batch(int n, int h, int w, long seed, float tint, boolean labelled) {
        Random r = new Random(seed);
        List<Sample> samples = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            float[] img = new float[3 * h * w];
            byte[] lab = new byte[h * w];
            int horizon = h / 3 + r.nextInt(h / 3);
            for (int i = 0; i < h * w; i++) {
                boolean road = i / w >= horizon;
                lab[i] = (byte) (road ? 0 : 10);
                for (int c = 0; c < 3; c++) {
                    img[c * h * w + i] = (road ? 0.3f : 0.7f) + tint * c + 0.05f * (float) r.nextGaussian();
                }
            }
            samples.add(new Sample("toy" + k, h, w, img, labelled ? lab : null));
        }
        return Batch.of(samples);
    }

    /** Copies of every trainable parameter array of a block. */
    static List<float[]> weights(Block b) {
        List<float[]> out = new ArrayList<>();
        for (var p : b.getParameters()) {
            if (p.getValue().requiresGradient()) {
                out.add(p.getValue().getArray().toFloatArray());
            }
        }
        return out;
    }

    /** Largest absolute gradient over a block's trainable parameters (0 if none has a gradient). */
    static float maxGradient(Block b) {
        float max = 0;
        for (var p : b.getParameters()) {
            Parameter q = p.getValue();
            if (q.requiresGradient() && q.getArray().hasGradient()) {
                for (float g : q.getArray().getGradient().toFloatArray()) {
                    max = Math.max(max, Math.abs(g));
                }
            }
        }
        return max;
    }

    static boolean same(List<float[]> a, List<float[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!java.util.Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
