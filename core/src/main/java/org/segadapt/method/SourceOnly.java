package org.segadapt.method;

import org.segadapt.train.Laps;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Map;
import java.util.function.Supplier;
import org.segadapt.data.Batch;
import org.segadapt.loss.CrossEntropy;
import org.segadapt.model.SegmentationModel;
import org.segadapt.train.Diverged;

/**
 * Supervised training on labelled batches: L = L_s(x_s, y_s), the "baseline" rows of the papers; with
 * pseudo-labelled target batches the same step is CaDA's self-training (see {@link SelfTraining}).
 */
public final class SourceOnly extends SegmenterMethod {
    private final String name;
    private final String lossName;
    private final Supplier<Batch> source;

    public SourceOnly(SegmenterOptimizer optimizer, Supplier<Batch> source) {
        this("source-only", "L_s", optimizer, source);
    }

    SourceOnly(String name, String lossName, SegmenterOptimizer optimizer, Supplier<Batch> labelled) {
        super(optimizer);
        this.name = name;
        this.lossName = lossName;
        this.source = labelled;
    }

    /** L_s: cross-entropy of the main logits plus the auxiliary heads' (BiSeNet trains both), ignoring 255. */
    public static NDArray supervisedLoss(SegmentationModel.Output out, NDArray labels) {
        return supervisedLoss(out, labels, null);
    }

    /** The same with per-pixel weights (TUFL's W_m for L_m, eq. 11); null weighs every pixel 1. */
    public static NDArray supervisedLoss(SegmentationModel.Output out, NDArray labels, NDArray pixelWeights) {
        NDArray loss = CrossEntropy.compute(out.logits(), labels, pixelWeights);
        for (NDArray aux : out.auxLogits()) {
            loss = loss.add(CrossEntropy.compute(aux, labels, pixelWeights));
        }
        return loss;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Map<String, Float> step(int it, NDManager m) {
        float lr = optimizer.prepare(it);
        Batch b = source.get();
        NDArray x = b.images(m);
        NDArray y = b.labels(m);
        if (y == null) {
            throw new IllegalArgumentException(name + ": batch " + b.names() + " has no labels");
        }
        Laps.lap("data to tensors");
        float ls;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            SegmentationModel.Output out = model().run(optimizer.store(), x, true);
            Laps.lap("source forward");
            NDArray loss = supervisedLoss(out, y);
            ls = Diverged.check(lossName, it, loss.getFloat());
            Laps.lap("source loss (CE, aux heads)");
            gc.backward(loss);
            Laps.lap("backward");
        }
        optimizer.update();
        Laps.lap("optimizer update");
        return Map.of("lr", lr, lossName, ls);
    }
}
