package org.segadapt.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: a local cross-entropy, plain SGD, running-statistics snapshots, checkpoint round trip. */
final class ModelTesting {
    private ModelTesting() {}

    /** Mean cross-entropy of (N,C,H,W) logits against (N,H,W) int labels (no ignore index). */
    static NDArray crossEntropy(NDArray logits, NDArray labels) {
        int c = (int) logits.getShape().get(1);
        NDArray logp = logits.logSoftmax(1).transpose(0, 2, 3, 1);
        return logp.mul(labels.oneHot(c)).sum(new int[] {3}).mean().neg();
    }

    /** One forward/backward/SGD step; returns the loss before the update. */
    static float sgdStep(SegmentationModel model, NDManager manager, NDArray images, NDArray labels, float lr) {
        ParameterStore ps = new ParameterStore(manager, false);
        float loss;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray l = crossEntropy(model.run(ps, images, true).logits(), labels);
            gc.backward(l);
            loss = l.getFloat();
        }
        for (var p : model.getParameters()) {
            Parameter param = p.getValue();
            if (!param.requiresGradient()) {
                continue;
            }
            NDArray w = param.getArray();
            NDArray g = w.getGradient();
            w.subi(g.mul(lr));
            g.subi(g);
        }
        return loss;
    }

    /** Copies of every BatchNorm running mean/variance. */
    static List<float[]> runningStats(SegmentationModel model) {
        List<float[]> out = new ArrayList<>();
        for (var p : model.getParameters()) {
            Parameter.Type t = p.getValue().getType();
            if (t == Parameter.Type.RUNNING_MEAN || t == Parameter.Type.RUNNING_VAR) {
                out.add(p.getValue().getArray().toFloatArray());
            }
        }
        return out;
    }

    static byte[] save(SegmentationModel model) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            model.saveParameters(out);
        }
        return bytes.toByteArray();
    }

    static void load(SegmentationModel model, NDManager manager, byte[] bytes) throws Exception {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            model.loadParameters(manager, in);
        }
    }

    static float[] inferLogits(SegmentationModel model, NDManager manager, NDArray images) {
        try (NDManager step = manager.newSubManager()) {
            NDArray x = images.duplicate();
            x.attach(step);
            return model.run(new ParameterStore(step, false), x, false).logits().toFloatArray();
        }
    }

    static long parameterCount(SegmentationModel model, boolean includeRunningStats) {
        long n = 0;
        for (var p : model.getParameters()) {
            Parameter.Type t = p.getValue().getType();
            if (!includeRunningStats && (t == Parameter.Type.RUNNING_MEAN || t == Parameter.Type.RUNNING_VAR)) {
                continue;
            }
            n += p.getValue().getArray().size();
        }
        return n;
    }

}
