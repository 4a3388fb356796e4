package org.segadapt.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.segadapt.augment.Perturbation;
import org.segadapt.augment.Photometric;
import org.segadapt.data.Batch;
import org.segadapt.loss.UnsupervisedFocalLoss;
import org.segadapt.loss.mask.ClassAdaptiveThreshold;
import org.segadapt.method.SourceOnly;
import org.segadapt.mix.BoundaryWeights;
import org.segadapt.mix.ClassMix;
import org.segadapt.model.SegmentationModel;
import org.segadapt.nd.Scalars;

/**
 * Where a step's time goes: the source and focal steps re-run phase by phase with a stopwatch between the
 * calls the recipes make (SourceOnly, EntropyAdaptation + UnsupervisedTerm), and the extra pieces of CIM
 * (teacher pass, ClassMix, boundary weights, mixed pass). CPU ops are synchronous, so each lap is that phase.
 */
public final class Phases {
    private final Map<String, List<Double>> laps = new LinkedHashMap<>();
    private long t;

    private void start() {
        t = System.nanoTime();
    }

    private void lap(String name) {
        long now = System.nanoTime();
        laps.computeIfAbsent(name, k -> new ArrayList<>()).add((now - t) / 1e6);
        t = now;
    }

    /** Median milliseconds per phase, in execution order. */
    public Map<String, Double> medians() {
        Map<String, Double> out = new LinkedHashMap<>();
        laps.forEach((k, v) -> out.put(k, Stats.of(v.stream().mapToDouble(Double::doubleValue).toArray()).median()));
        return out;
    }

    /** Profiles {@code steps} steps (after {@code warmup}) of the bench's step kind. */
    public static Map<String, Double> profile(StepBench bench, int warmup, int steps) {
        Phases p = new Phases();
        ClassAdaptiveThreshold threshold = new ClassAdaptiveThreshold(StepBench.NUM_CLASSES);
        UnsupervisedFocalLoss focal = new UnsupervisedFocalLoss();
        SplittableRandom mixRandom = new SplittableRandom(7);
        for (int i = 0; i < warmup + steps; i++) {
            Phases target = i < warmup ? new Phases() : p;
            NDManager m = bench.manager().newSubManager();
            try {
                target.step(bench, m, i, threshold, focal, mixRandom, () -> bench.optimizer().update());
            } finally {
                m.close(); // the training loop closes the step's manager: every intermediate tensor is freed here
                target.lap("release step tensors (NDManager.close)");
            }
        }
        return p.medians();
    }

    /** The instrumented step with {@code update} applying the gradients (the recipe's optimiser, or the soak's control). */
    void step(StepBench bench, NDManager m, int it, ClassAdaptiveThreshold threshold, UnsupervisedFocalLoss focal,
            SplittableRandom mixRandom, Runnable update) {
        String kind = bench.spec().step();
        SegmentationModel model = bench.model();
        ParameterStore ps = bench.optimizer().store();
        start();
        bench.optimizer().prepare(it);
        Batch sb = bench.sourceBatch();
        Batch tb = bench.targetBatch();
        NDArray xs = sb.images(m);
        NDArray ys = sb.labels(m);
        NDArray xt = tb.images(m);
        lap("data to tensors");
        NDArray weights = null;
        ClassMix.Mixed mixed = null;
        if (kind.equals("cim")) {
            NDArray teacherProb = model.run(new ParameterStore(m, false), xt, false).logits().softmax(1).stopGradient();
            teacherProb.getFloat(0, 0, 0, 0);
            lap("cim: teacher forward (inference)");
            mixed = ClassMix.mix(xs, ys, xt, teacherProb.argMax(1).toType(DataType.INT32, false), mixRandom);
            weights = BoundaryWeights.compute(mixed.mask(), 2f, 7);
            weights.getFloat(0, 0, 0);
            lap("cim: ClassMix + boundary weights");
        }
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            SegmentationModel.Output out = model.run(ps, xs, true);
            out.logits().getFloat(0, 0, 0, 0);
            lap("source forward");
            NDArray loss = SourceOnly.supervisedLoss(out, ys);
            loss.getFloat();
            lap("source loss (CE, aux heads)");
            if (!kind.equals("source")) {
                Random random = new Random(it);
                NDArray weak = model.run(ps, xt, true).logits().softmax(1);
                weak.getFloat(0, 0, 0, 0);
                lap("target weak forward");
                Perturbation g = Perturbation.sample(random, Perturbation.Strength.DEFAULT);
                NDArray warped = g.apply(xt);
                warped.getFloat(0, 0, 0, 0);
                lap("strong view: geometric g(x_t)");
                NDArray strongImages = new Photometric(Photometric.Strength.DEFAULT, random).apply(warped);
                strongImages.getFloat(0, 0, 0, 0);
                lap("strong view: photometric");
                NDArray strong = model.run(ps, strongImages, true).logits().softmax(1);
                strong.getFloat(0, 0, 0, 0);
                lap("target strong forward");
                NDArray aligned = g.apply(weak);
                aligned.getFloat(0, 0, 0, 0);
                lap("align g(p_t)");
                NDArray mask = threshold.mask(weak); // one host read: α update, then I_t under the new α
                lap("alpha update + I_t (eq. 8-9)");
                NDArray alignedMask = g.apply(mask.expandDims(1)).squeeze(1).gte(0.999f).toType(mask.getDataType(), false);
                NDArray valid = alignedMask.mul(g.validMask(aligned));
                valid.getFloat(0, 0, 0);
                lap("mask I_t warp, valid");
                NDArray lu = focal.compute(aligned, strong, valid);
                lu.getFloat();
                lap("focal loss (eq. 3-5)");
                loss = loss.add(Scalars.mul(lu, 0.05f));
            }
            if (mixed != null) {
                SegmentationModel.Output mo = model.run(ps, mixed.images(), true);
                mo.logits().getFloat(0, 0, 0, 0);
                lap("cim: mixed forward");
                NDArray lm = org.segadapt.loss.CrossEntropy.compute(mo.logits(), mixed.labels(), weights);
                for (NDArray aux : mo.auxLogits()) {
                    lm = lm.add(org.segadapt.loss.CrossEntropy.compute(aux, mixed.labels(), weights));
                }
                lm.getFloat();
                lap("cim: mixed loss");
                loss = loss.add(lm);
            }
            gc.backward(loss);
            lap("backward");
        }
        update.run();
        lap("optimizer update (Sgd)");
    }
}
