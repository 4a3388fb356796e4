package org.segadapt.method;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Map;
import java.util.function.Supplier;
import org.segadapt.data.Batch;
import org.segadapt.model.SegmentationModel;
import org.segadapt.train.Diverged;
import org.segadapt.train.PolySchedule;

/**
 * CaDA's self-supervised stage, eq. (6): cross-entropy on target images against pseudo-labels chosen by the
 * category-adaptive entropy threshold (eq. 1–3), unselected pixels carrying 255 (m = 0):
 * <pre>
 *   L_ssl = −(1/|m|) Σ_{hw} m^{hw} log P_t^{hw, y_t^{hw}}
 * </pre>
 * Eq. (6) writes 1/(H·W); we average over the selected pixels as BDL's code (CrossEntropyLoss with
 * ignore_index 255) does, which differs by the kept fraction, a constant per image.
 * Optimiser as {@link StyleAdversarial}'s segmenter: SGD 0.9, wd 5e-4, decoder ×10, poly 0.9.
 */
public final class SelfTraining implements Method {
    private final SegmenterOptimizer optimizer;
    private final Supplier<Batch> pseudoLabelled;

    /** @param pseudoLabelled target batches whose labels are the pseudo-labels (255 = not selected) */
    public SelfTraining(SegmenterOptimizer optimizer, Supplier<Batch> pseudoLabelled) {
        this.optimizer = optimizer;
        this.pseudoLabelled = pseudoLabelled;
    }

    /** CaDA Sec. 3.2 optimisation: encoder lr {@code lr}, decoder ×{@code decoderLrMultiplier} (10), poly 0.9, no warm-up. */
    public static SelfTraining create(SegmentationModel model, NDManager runManager, float lr, int iterations,
            float decoderLrMultiplier, Supplier<Batch> pseudoLabelled) {
        return new SelfTraining(new SegmenterOptimizer(model, runManager, new PolySchedule(lr, 0, iterations, 0.9f),
                decoderLrMultiplier), pseudoLabelled);
    }

    @Override
    public String name() {
        return "cada-ssl";
    }

    @Override
    public SegmentationModel model() {
        return optimizer.model();
    }

    @Override
    public Map<String, Float> step(int it, NDManager m) {
        float lr = optimizer.prepare(it);
        Batch b = pseudoLabelled.get();
        NDArray y = b.labels(m);
        if (y == null) {
            throw new IllegalArgumentException("self-training batch " + b.names() + " has no pseudo-labels");
        }
        NDArray x = b.images(m);
        float loss;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray l = SourceOnly.supervisedLoss(model().run(optimizer.store(), x, true), y);
            loss = Diverged.check("L_ssl", it, l.getFloat());
            gc.backward(l);
        }
        optimizer.update();
        return Map.of("lr", lr, "L_ssl", loss);
    }

    @Override
    public NDList optimizerState() {
        return optimizer.state();
    }

    @Override
    public void loadOptimizerState(NDList state) {
        optimizer.loadState(state);
    }
}
