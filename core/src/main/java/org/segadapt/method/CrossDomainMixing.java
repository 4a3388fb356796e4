package org.segadapt.method;

import org.segadapt.train.Laps;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.segadapt.augment.StrongView;
import org.segadapt.data.Batch;
import org.segadapt.data.Sample;
import org.segadapt.data.labels.Palette;
import org.segadapt.eval.Visualize;
import org.segadapt.loss.UnsupervisedFocalLoss;
import org.segadapt.loss.mask.ClassAdaptiveThreshold;
import org.segadapt.loss.mask.Argmax;
import org.segadapt.mix.BoundaryWeights;
import org.segadapt.mix.ClassMix;
import org.segadapt.mix.LongTailPaster;
import org.segadapt.model.SegmentationModel;
import org.segadapt.train.Diverged;
import org.segadapt.nd.Scalars;

/**
 * TUFL stage 2, cross-domain image mixing (CIM), eq. (12):
 * <pre>
 *   L = L_s(x_s, y_s) + λ_u · L_u(x_t) + λ_m · L_m(x_m, y_m)
 * </pre>
 * <ul>
 *   <li>f(θ), the optimised network, starts from source-only weights (the caller loads them);
 *   <li>f(θ̃), the stage-1 network, is frozen (inference mode, no gradients) and gives ỹ_t = argmax f(x_t; θ̃)
 *       on the weak target view (optionally an EMA of f(θ) instead: {@link Hyper#emaTeacher()});
 *   <li>L_s: cross-entropy on the unpasted source (main and auxiliary heads, {@link SourceOnly#supervisedLoss});
 *   <li>L_u: the threshold-adaptive unsupervised focal loss on x_t, computed by stage 1's {@link UnsupervisedTerm}
 *       (weak/strong views, aligned p̂_t, I_t = adaptive mask ∩ valid); its class thresholds α keep adapting
 *       (eq. 8–9) and drive the long-tail class draw;
 *   <li>(x_{s'}, y_{s'}): long-tail class pasting on the source batch ({@link LongTailPaster}, softmax(1/α));
 *   <li>(x_m, y_m): ClassMix of (x_{s'}, y_{s'}) into (x_t, ỹ_t), eq. (10) ({@link ClassMix});
 *   <li>L_m: cross-entropy on the mix weighted by W_m, eq. (11) ({@link BoundaryWeights}), every head.
 * </ul>
 * Off by default: DACS-style confidence weighting (target-origin pixels of the mix weigh the fraction of
 * target pixels whose teacher confidence exceeds {@link Hyper#confidenceThreshold()}), and the EMA teacher.
 */
public final class CrossDomainMixing extends SegmenterMethod {
    /**
     * Hyper-parameters (names of DESIGN.md).
     *
     * @param seed draws of pasting, mixing and the target views
     */
    public record Hyper(float unsupervisedWeight, float mixWeight, float boundaryWeight, int boundaryKernel,
            double focalGamma, double thresholdMomentum, double keepRatio, double hardClassDecay,
            boolean confidenceWeighting, float confidenceThreshold, boolean emaTeacher, float emaAlpha,
            StrongView strongView, LossOptions losses, long seed) {
        public Hyper {
            if (!(unsupervisedWeight >= 0 && mixWeight >= 0)) {
                throw new IllegalArgumentException("unsupervisedWeight and mixWeight must be >= 0");
            }
            if (!(confidenceThreshold >= 0 && confidenceThreshold <= 1 && emaAlpha >= 0 && emaAlpha <= 1)) {
                throw new IllegalArgumentException("confidenceThreshold and emaAlpha must be in [0,1]");
            }
            if (boundaryKernel < 1 || boundaryKernel % 2 == 0 || !(boundaryWeight > 0)) {
                throw new IllegalArgumentException("boundaryKernel must be odd >= 1 and boundaryWeight > 0");
            }
        }

        /** TUFL Sec. IV-C: λ_u 0.05, λ_m 1, W 2 on a 7×7 band, γ 2, a 0.9, b 0.8, d 8; DACS options off. */
        public static Hyper defaults() {
            return new Hyper(0.05f, 1f, BoundaryWeights.DEFAULT_BOUNDARY_WEIGHT, BoundaryWeights.DEFAULT_BOUNDARY_KERNEL,
                    UnsupervisedFocalLoss.DEFAULT_FOCAL_GAMMA, ClassAdaptiveThreshold.DEFAULT_THRESHOLD_MOMENTUM,
                    ClassAdaptiveThreshold.DEFAULT_KEEP_RATIO, ClassAdaptiveThreshold.DEFAULT_HARD_CLASS_DECAY,
                    false, 0.968f, false, 0.99f, StrongView.DEFAULT, LossOptions.PAPER, 0);
        }

        public Hyper withConfidenceWeighting(boolean on) {
            return new Hyper(unsupervisedWeight, mixWeight, boundaryWeight, boundaryKernel, focalGamma, thresholdMomentum,
                    keepRatio, hardClassDecay, on, confidenceThreshold, emaTeacher, emaAlpha, strongView, losses, seed);
        }

        public Hyper withEmaTeacher(boolean on) {
            return new Hyper(unsupervisedWeight, mixWeight, boundaryWeight, boundaryKernel, focalGamma, thresholdMomentum,
                    keepRatio, hardClassDecay, confidenceWeighting, confidenceThreshold, on, emaAlpha, strongView, losses, seed);
        }

        public Hyper withSeed(long s) {
            return new Hyper(unsupervisedWeight, mixWeight, boundaryWeight, boundaryKernel, focalGamma, thresholdMomentum,
                    keepRatio, hardClassDecay, confidenceWeighting, confidenceThreshold, emaTeacher, emaAlpha, strongView, losses, s);
        }
    }

    /** The six panels of TUFL Fig. 4 (packed RGB, each height×width), titled. */
    public record Figure(int height, int width, List<String> titles, List<int[]> panels) {
        /** Writes the panels left to right as one PNG. */
        public void write(Path file) throws IOException {
            Visualize.writeRow(file, height, width, panels.toArray(new int[0][]));
        }
    }

    private final SegmentationModel teacher;
    private final Supplier<Batch> source;
    private final Supplier<Batch> target;
    private final LongTailPaster paster;
    private final Hyper hyper;
    private final ClassAdaptiveThreshold threshold;
    private final UnsupervisedTerm unsupervised;

    /**
     * @param teacher       f(θ̃), the stage-1 network with its weights loaded; frozen here
     * @param paster        long-tail pasting on the source batch, or null for none
     * @param initialAlphas stage-1 class thresholds α (from its checkpoint's "alphas")
     */
    public CrossDomainMixing(SegmenterOptimizer optimizer, SegmentationModel teacher, Supplier<Batch> source,
            Supplier<Batch> target, LongTailPaster paster, float[] initialAlphas, Hyper hyper) {
        super(optimizer);
        if (teacher == optimizer.model()) {
            throw new IllegalArgumentException("the teacher f(θ̃) must be a separate network from the optimised f(θ)");
        }
        if (teacher.numClasses() != optimizer.model().numClasses()) {
            throw new IllegalArgumentException("teacher has " + teacher.numClasses() + " classes, model "
                    + optimizer.model().numClasses());
        }
        this.teacher = teacher;
        this.source = source;
        this.target = target;
        this.paster = paster;
        this.hyper = hyper;
        this.threshold = new ClassAdaptiveThreshold(initialAlphas, hyper.thresholdMomentum(), hyper.keepRatio(), hyper.hardClassDecay());
        this.unsupervised = new UnsupervisedTerm(new UnsupervisedFocalLoss(hyper.focalGamma()), threshold, hyper.strongView(), hyper.losses());
        if (hyper.emaTeacher()) {
            checkSameParameters(teacher, optimizer.model());
        }
        teacher.freezeParameters(true);
    }

    @Override
    public String name() {
        return "cim"; // the method's one name (config, checkpoints, reports); runs before 0.2 wrote "cross-domain-mixing"
    }

    public Hyper hyper() {
        return hyper;
    }

    /** Current class thresholds α. */
    public float[] alphas() {
        return threshold.alphas();
    }

    @Override
    public Map<String, Float> step(int it, NDManager m) {
        float lr = optimizer.prepare(it);
        Batch sb = source.get();
        Batch tb = target.get();
        if (!sb.labelled()) {
            throw new IllegalArgumentException("cross-domain mixing needs a labelled source batch (" + sb.names() + ")");
        }
        if (sb.n() != tb.n() || sb.height() != tb.height() || sb.width() != tb.width()) {
            throw new IllegalArgumentException("source batch " + sb.n() + "x" + sb.height() + "x" + sb.width() + " and target batch "
                    + tb.n() + "x" + tb.height() + "x" + tb.width() + " must have the same size to be mixed");
        }
        // draws depend on (seed, it) only, so a resumed run pastes, mixes and perturbs as the straight one
        SplittableRandom rng = new SplittableRandom(hyper.seed() * 0x9E3779B97F4A7C15L + it);
        LongTailPaster.ReferenceBatch reference = paster != null && paster.reference() ? paster.pasteReference(sb, threshold.alphas(), rng) : null;
        Batch pasted = paster == null ? sb : reference != null ? reference.batch() : paster.paste(sb, threshold.alphas(), rng);
        NDArray xs = sb.images(m);
        NDArray ys = sb.labels(m);
        NDArray xt = tb.images(m);
        Laps.lap("data to tensors, long-tail pasting");
        NDArray teacherProb = teacherProbabilities(xt, m);
        Laps.lap("cim: teacher forward (inference)");
        NDArray teacherLabels = Argmax.of(teacherProb).classes(m, xt);
        // the paper: half of the classes of y_{s'}; the reference's pasting: of y_s, and every pasted pixel
        ClassMix.Mixed mixed = reference == null ? ClassMix.mix(pasted.images(m), pasted.labels(m), xt, teacherLabels, rng)
                : ClassMix.mix(ClassMix.referenceMask(ys, reference.pastedInto(), reference.pastedPixels(), rng), pasted.images(m),
                        pasted.labels(m), xt, teacherLabels);
        NDArray weights = BoundaryWeights.compute(mixed.mask(), hyper.boundaryWeight(), hyper.boundaryKernel());
        float targetWeight = 1f;
        if (hyper.confidenceWeighting()) {
            targetWeight = teacherProb.max(new int[] {1}).gt(hyper.confidenceThreshold()).toType(DataType.FLOAT32, false).mean().getFloat();
            NDArray fromTarget = mixed.mask().lt(0.5f);
            weights = NDArrays.where(fromTarget, Scalars.mul(weights, targetWeight), weights);
        }
        Laps.lap("cim: ClassMix + boundary weights");
        float ls, lu, lm, total, coverage;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            ParameterStore ps = optimizer.store();
            SegmentationModel.Output out = model().run(ps, xs, true);
            Laps.lap("source forward");
            NDArray sourceLoss = hyper.losses().supervised(out, ys);
            Laps.lap("source loss (CE, aux heads)");
            UnsupervisedTerm.Value u = unsupervised.compute(model(), ps, xt, new Random(hyper.seed() * 1_000_003L + it));
            NDArray mixLoss = hyper.losses().mixed(model().run(ps, mixed.images(), true), mixed.labels(), weights);
            Laps.lap("cim: mixed forward + loss");
            ls = Diverged.check("L_s", it, sourceLoss.getFloat());
            lu = Diverged.check("L_u", it, u.loss().getFloat());
            lm = Diverged.check("L_m", it, mixLoss.getFloat());
            NDArray loss = sourceLoss.add(Scalars.mul(u.loss(), hyper.unsupervisedWeight())).add(Scalars.mul(mixLoss, hyper.mixWeight()));
            total = Diverged.check("loss", it, loss.getFloat());
            coverage = u.maskedShare();
            gc.backward(loss);
            Laps.lap("backward");
        }
        optimizer.update();
        Laps.lap("optimizer update");
        if (hyper.emaTeacher()) {
            updateTeacher();
            Laps.lap("cim: EMA teacher");
        }
        Map<String, Float> out = new LinkedHashMap<>();
        out.put("lr", lr);
        out.put("L_s", ls);
        out.put("L_u", lu);
        out.put("L_m", lm);
        out.put("loss", total);
        out.put("mask", coverage); // |I_t| share, named as stage 1 logs it
        out.put("I_m", mixed.mask().mean().getFloat());
        if (hyper.confidenceWeighting()) {
            out.put("q_t", targetWeight);
        }
        return out;
    }

    /** softmax f(x; θ̃) in inference mode, outside any gradient collector, detached. */
    private NDArray teacherProbabilities(NDArray images, NDManager m) {
        return teacher.run(new ParameterStore(m, false), images, false).logits().softmax(1).stopGradient();
    }

    /** θ̃ ← α_ema·θ̃ + (1 − α_ema)·θ, every parameter including BatchNorm statistics. */
    private void updateTeacher() {
        float a = hyper.emaAlpha();
        var t = teacher.getParameters();
        var s = optimizer.model().getParameters();
        for (int i = 0; i < t.size(); i++) {
            NDArray tv = t.get(i).getValue().getArray();
            NDArray scaled = Scalars.mul(s.get(i).getValue().getArray(), 1 - a);
            Scalars.muli(tv, a).addi(scaled.toDevice(tv.getDevice(), false));
            scaled.close();
        }
    }

    private static void checkSameParameters(SegmentationModel a, SegmentationModel b) {
        var pa = a.getParameters();
        var pb = b.getParameters();
        if (pa.size() != pb.size()) {
            throw new IllegalArgumentException("EMA teacher needs the same architecture: " + pa.size() + " vs " + pb.size() + " parameters");
        }
        for (int i = 0; i < pa.size(); i++) {
            Parameter x = pa.get(i).getValue(), y = pb.get(i).getValue();
            if (!x.getArray().getShape().equals(y.getArray().getShape())) {
                throw new IllegalArgumentException("EMA teacher parameter " + pa.get(i).getKey() + " has shape "
                        + x.getArray().getShape() + ", model " + y.getArray().getShape());
            }
        }
    }

    /**
     * TUFL Fig. 4 for one source/target pair (same size), with the current α and teacher, drawn with
     * {@code seed}: (x_s, y_s), (x_{s'}, y_{s'}) and (x_t, ỹ_t) as images half-blended with their label colours,
     * the mixed image x_m, I_m (white = source) and W_m (white = W, grey = 1). Does not touch training state.
     */
    public Figure figure(Sample sourceSample, Sample targetSample, NDManager manager, long seed) {
        if (sourceSample.height() != targetSample.height() || sourceSample.width() != targetSample.width()) {
            throw new IllegalArgumentException("figure: source " + sourceSample.name() + " and target " + targetSample.name()
                    + " differ in size");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        Sample pastedSample = paster == null ? sourceSample : paster.paste(sourceSample, threshold.alphas(), rng).sample();
        int h = sourceSample.height(), w = sourceSample.width();
        try (NDManager m = manager.newSubManager()) {
            Batch ps = Batch.of(List.of(pastedSample));
            Batch tb = Batch.of(List.of(new Sample(targetSample.name(), h, w, targetSample.image(), null)));
            NDArray xt = tb.images(m);
            NDArray pseudo = Argmax.of(teacherProbabilities(xt, m)).classes(m, xt);
            ClassMix.Mixed mixed = ClassMix.mix(ps.images(m), ps.labels(m), xt, pseudo, rng);
            byte[] pseudoBytes = bytes(pseudo.toIntArray());
            float[] mask = mixed.mask().toType(DataType.FLOAT32, false).toFloatArray();
            float[] wm = BoundaryWeights.compute(mixed.mask(), hyper.boundaryWeight(), hyper.boundaryKernel()).toFloatArray();
            Sample mixedSample = new Sample("mix", h, w, mixed.images().toFloatArray(), null);
            List<int[]> panels = new ArrayList<>();
            panels.add(blend(Visualize.image(sourceSample), Palette.colorize(sourceSample.label())));
            panels.add(blend(Visualize.image(pastedSample), Palette.colorize(pastedSample.label())));
            panels.add(blend(Visualize.image(targetSample), Palette.colorize(pseudoBytes)));
            panels.add(Visualize.image(mixedSample));
            int[] im = new int[h * w], wmRgb = new int[h * w];
            for (int i = 0; i < h * w; i++) {
                im[i] = mask[i] > 0.5f ? 0xFFFFFF : 0x000000;
                wmRgb[i] = wm[i] > 1f ? 0xFFFFFF : 0x606060;
            }
            panels.add(im);
            panels.add(wmRgb);
            return new Figure(h, w, List.of("(x_s, y_s)", "(x_s', y_s')", "(x_t, ~y_t)", "x_m", "I_m", "W_m"), panels);
        }
    }

    private static byte[] bytes(int[] ids) {
        byte[] b = new byte[ids.length];
        for (int i = 0; i < ids.length; i++) {
            b[i] = (byte) ids[i];
        }
        return b;
    }

    /** Half image, half label colour per channel. */
    private static int[] blend(int[] image, int[] colours) {
        int[] out = new int[image.length];
        for (int i = 0; i < image.length; i++) {
            int a = image[i], b = colours[i];
            int r = (((a >> 16) & 0xFF) + ((b >> 16) & 0xFF)) / 2;
            int g = (((a >> 8) & 0xFF) + ((b >> 8) & 0xFF)) / 2;
            int bl = ((a & 0xFF) + (b & 0xFF)) / 2;
            out[i] = (r << 16) | (g << 8) | bl;
        }
        return out;
    }

    /** The class thresholds α, as stage 1 saves them. */
    @Override
    public Map<String, Object> state() {
        return threshold.state();
    }

    @Override
    public void loadState(Map<String, Object> state) {
        float[] saved = ClassAdaptiveThreshold.alphasFrom(state);
        if (saved != null) {
            threshold.setAlphas(saved);
        }
    }

    /** The EMA teacher travels with checkpoints; a frozen teacher is reloaded from stage 1 instead. */
    @Override
    public Map<String, Block> auxiliaryNetworks() {
        return hyper.emaTeacher() ? Map.of("teacher", teacher) : Map.of();
    }
}
