package org.segadapt.method;

import org.segadapt.train.Laps;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Map;
import java.util.function.Supplier;
import org.segadapt.data.Batch;
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
    private final LossOptions losses;

    public SourceOnly(SegmenterOptimizer optimizer, Supplier<Batch> source) {
        this(optimizer, source, LossOptions.PAPER);
    }

    /** With the official TUFL code's class weights (its source training weighs CE by class) or head averaging. */
    public SourceOnly(SegmenterOptimizer optimizer, Supplier<Batch> source, LossOptions losses) {
        this("source-only", "L_s", optimizer, source, losses);
    }

    SourceOnly(String name, String lossName, SegmenterOptimizer optimizer, Supplier<Batch> labelled, LossOptions losses) {
        super(optimizer);
        this.name = name;
        this.lossName = lossName;
        this.source = labelled;
        this.losses = losses;
    }

    /** L_s: cross-entropy of the main logits plus the auxiliary heads' (BiSeNet trains both), ignoring 255. */
    public static NDArray supervisedLoss(SegmentationModel.Output out, NDArray labels) {
        return LossOptions.PAPER.supervised(out, labels);
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
            NDArray loss = losses.supervised(out, y);
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
