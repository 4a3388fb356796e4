package org.segadapt.method;

import org.segadapt.model.SegmentationModel;
import org.segadapt.train.Laps;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.segadapt.data.Batch;
import org.segadapt.loss.mask.ClassAdaptiveThreshold;
import org.segadapt.train.Diverged;
import org.segadapt.nd.Scalars;

/**
 * TUFL stage 1 and its entropy baselines, eq. (1): {@code L = L_s(x_s, y_s) + λ_u · L_u(x_t)}, where L_u is
 * Shannon entropy, max-square, neutral CE, confidence-aware entropy or the unsupervised focal loss, under a
 * fixed or class-adaptive (eq. 8–9) mask. With λ_u = 0 this is the control run: target batches still pass
 * through the network in training mode (BatchNorm statistics adapt), but contribute no gradient.
 */
public final class EntropyAdaptation extends SegmenterMethod {
    private final String name;
    private final Supplier<Batch> source;
    private final Supplier<Batch> target;
    private final UnsupervisedTerm term;
    private final float unsupervisedWeight;
    private final long seed;

    public EntropyAdaptation(String name, SegmenterOptimizer optimizer, Supplier<Batch> source, Supplier<Batch> target,
            UnsupervisedTerm term, float unsupervisedWeight, long seed) {
        super(optimizer);
        this.name = name;
        this.source = source;
        this.target = target;
        this.term = term;
        this.unsupervisedWeight = unsupervisedWeight;
        this.seed = seed;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Map<String, Float> step(int it, NDManager m) {
        float lr = optimizer.prepare(it);
        Batch s = source.get();
        Batch t = target.get();
        Map<String, Float> log = new LinkedHashMap<>();
        NDArray xs = s.images(m), ys = s.labels(m), xt = t.images(m);
        Laps.lap("data to tensors");
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            SegmentationModel.Output out = model().run(optimizer.store(), xs, true);
            Laps.lap("source forward");
            NDArray ls = term.losses().supervised(out, ys);
            Laps.lap("source loss (CE, aux heads)");
            UnsupervisedTerm.Value lu = term.compute(model(), optimizer.store(), xt, new Random(seed * 1_000_003L + it));
            NDArray total = ls.add(Scalars.mul(lu.loss(), unsupervisedWeight));
            log.put("L_s", Diverged.check("L_s", it, ls.getFloat()));
            log.put("L_u", Diverged.check("L_u", it, lu.loss().getFloat()));
            log.put("mask", lu.maskedShare());
            gc.backward(total);
            Laps.lap("backward");
        }
        optimizer.update();
        Laps.lap("optimizer update");
        log.put("lr", lr);
        return log;
    }

    /** The class thresholds α travel with the checkpoint (stage 2 draws long-tail classes with softmax(1/α)). */
    @Override
    public Map<String, Object> state() {
        return term.mask() instanceof ClassAdaptiveThreshold cat ? cat.state() : Map.of();
    }

    @Override
    public void loadState(Map<String, Object> state) {
        float[] saved = ClassAdaptiveThreshold.alphasFrom(state);
        if (term.mask() instanceof ClassAdaptiveThreshold cat && saved != null) {
            cat.setAlphas(saved);
        }
    }
}
