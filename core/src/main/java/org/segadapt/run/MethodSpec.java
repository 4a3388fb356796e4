package org.segadapt.run;

import static org.segadapt.run.HyperParameters.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.segadapt.augment.StrongView;
import org.segadapt.data.labels.ClassSet;
import org.segadapt.loss.ClassWeights;
import org.segadapt.loss.ConfidenceEntropy;
import org.segadapt.loss.MaxSquare;
import org.segadapt.loss.NeutralCrossEntropy;
import org.segadapt.loss.ShannonEntropy;
import org.segadapt.loss.StyleGap;
import org.segadapt.loss.UnsupervisedFocalLoss;
import org.segadapt.loss.UnsupervisedLoss;
import org.segadapt.loss.mask.ClassAdaptiveThreshold;
import org.segadapt.loss.mask.ConfidenceMask;
import org.segadapt.loss.mask.FixedThreshold;
import org.segadapt.method.CrossDomainMixing;
import org.segadapt.method.LossOptions;
import org.segadapt.method.StyleAdversarial;

/**
 * The recipe a run trains with, typed: one record per family, its values those of the hyper-parameters declared in
 * {@link HyperParameters} (their names, defaults and ranges live there; a record only gives them a type). Built with
 * {@link #builder(String)} or {@link Builder#of}, validated by {@link Builder#build()}, stored in a {@link RunSpec} by
 * {@link RunSpec.Builder#method(MethodSpec)} and read back by {@link #of(RunSpec)}. The name is the one used in
 * {@code config.yaml}, checkpoints and reports.
 *
 * <pre>{@code
 * MethodSpec.Entropy stage1 = (MethodSpec.Entropy) MethodSpec.builder("focal").set(FOCAL_GAMMA, 2).build();
 * RunSpec spec = base.toBuilder().method(stage1.toBuilder().set(UNSUPERVISED_WEIGHT, 0.02).build()).build();
 * }</pre>
 */
public sealed interface MethodSpec {
    /** Every method name, in the order {@code --help} lists them. */
    List<String> NAMES = java.util.stream.Stream.of(List.of("source-only"), Recipes.ENTROPY_METHODS, List.of("cim", "cada", Runner.SELF_TRAINING, CYCLEGAN))
            .flatMap(List::stream).toList();

    /** Key under which a stage-2 run names its stage-1 run (teacher and thresholds α), {@code --pseudo-labeller}. */
    String PSEUDO_LABELLER = "pseudoLabeller";

    String name();

    /** Whether BatchNorm statistics stay fixed while the network adapts ({@link HyperParameters#BATCH_NORM}; off where it does not apply). */
    default boolean frozenBatchNorm() {
        return "frozen".equals(params().get(BATCH_NORM.key()));
    }

    /** The values under their declared keys, in declaration order, as {@code config.yaml} holds them. */
    Map<String, Object> params();

    default Builder toBuilder() {
        return Builder.of(this);
    }

    static Builder builder(String name) {
        return new Builder(name);
    }

    /** The typed recipe of a spec (its method and the hyper-parameters in its params; other keys are ignored). */
    static MethodSpec of(RunSpec spec) {
        return of(spec.method(), spec.params());
    }

    /** The recipe {@code method} with the values of its hyper-parameters found in {@code params}, validated. */
    static MethodSpec of(String method, Map<String, Object> params) {
        Builder b = builder(method);
        for (HyperParameter h : ALL) {
            if (h.appliesTo(method) && params.get(h.key()) != null) {
                b.set(h, params.get(h.key()));
            }
        }
        Object teacher = params.get(PSEUDO_LABELLER);
        if (teacher != null && method.equals("cim")) {
            b.pseudoLabeller(teacher.toString());
        }
        return b.build();
    }

    /** Supervised training on the source only (the tables' lower bound). */
    record SourceOnly(String classWeights) implements MethodSpec {
        @Override
        public String name() {
            return "source-only";
        }

        @Override
        public Map<String, Object> params() {
            return values(CLASS_WEIGHTS, classWeights);
        }

        /** L_s class-weighted as the official TUFL code trains its source, if asked. */
        public LossOptions losses() {
            return MethodSpec.losses(classWeights, 0, false);
        }
    }

    /**
     * TUFL stage 1 ({@code focal}, eq. 1–9) and the entropy baselines of its Table II: L = L_s + λ_u·L_u with L_u one of
     * eq. (2)–(4) over the pixels I_t lets through.
     */
    record Entropy(String name, double unsupervisedWeight, String threshold, String batchNorm, boolean imageWiseWeighting, double focalGamma,
            double initialThreshold, double thresholdMomentum, double keepRatio, double hardClassDecay, String perturbation,
            String classWeights, double ohemRatio, boolean headAveraging) implements MethodSpec {
        public Entropy {
            if (!Recipes.ENTROPY_METHODS.contains(name)) {
                throw new IllegalArgumentException("'" + name + "' is not an entropy method (" + String.join("|", Recipes.ENTROPY_METHODS) + ")");
            }
        }

        @Override
        public Map<String, Object> params() {
            Map<String, Object> p = values(UNSUPERVISED_WEIGHT, unsupervisedWeight, THRESHOLD, threshold, BATCH_NORM, batchNorm, IMAGE_WISE_WEIGHTING,
                    imageWiseWeighting, FOCAL_GAMMA, focalGamma, INITIAL_THRESHOLD, initialThreshold, THRESHOLD_MOMENTUM, thresholdMomentum,
                    KEEP_RATIO, keepRatio, HARD_CLASS_DECAY, hardClassDecay, PERTURBATION, perturbation, CLASS_WEIGHTS, classWeights,
                    OHEM_RATIO, ohemRatio, HEAD_AVERAGING, headAveraging);
            p.keySet().removeIf(k -> !get(k).appliesTo(name)); // max-square's weighting is max-square's only
            return p;
        }

        /** L_u of this method: Shannon entropy, max-square, neutral cross-entropy, confidence entropy or eq. (4). */
        public UnsupervisedLoss loss() {
            return switch (name) {
                case "shannon" -> new ShannonEntropy();
                case "maxsquare" -> new MaxSquare(imageWiseWeighting);
                case "neutral" -> new NeutralCrossEntropy();
                case "confidence" -> new ConfidenceEntropy();
                default -> new UnsupervisedFocalLoss(focalGamma);
            };
        }

        /** x_{t*} of the two-view losses (neutral CE, focal): segadapt's batch-wise g or the reference's per-image draws. */
        public StrongView strongView() {
            return perturbation == null ? StrongView.DEFAULT : StrongView.named(perturbation);
        }

        /** The reference's loss options (class weights, OHEM, three heads); OHEM is 0 where it does not apply. */
        public LossOptions losses() {
            return MethodSpec.losses(classWeights, ohemRatio, headAveraging);
        }

        /** I_t: none, a fixed threshold, or TUFL's class-adaptive thresholds (eq. 8–9 with t, a, b, d). */
        public ConfidenceMask mask() {
            return thresholdMask(threshold, initialThreshold, thresholdMomentum, keepRatio, hardClassDecay);
        }
    }

    private static LossOptions losses(String classWeights, double ohemRatio, boolean headAveraging) {
        return new LossOptions(classWeights == null ? ClassWeights.NONE : classWeights, ohemRatio, headAveraging);
    }

    /** TUFL stage 2 ({@code cim}, eq. 10–12): cross-domain image mixing with the frozen stage-1 network as teacher. */
    record Mixing(double unsupervisedWeight, String threshold, String batchNorm, double focalGamma, double initialThreshold, double thresholdMomentum,
            double keepRatio, double hardClassDecay, double mixWeight, double boundaryWeight, int boundaryKernel, int pastedClasses,
            String pasteMode, boolean confidenceWeighting, boolean emaTeacher, String perturbation, String classWeights, double ohemRatio,
            boolean headAveraging, String pseudoLabeller) implements MethodSpec {
        @Override
        public String name() {
            return "cim";
        }

        @Override
        public Map<String, Object> params() {
            Map<String, Object> p = values(UNSUPERVISED_WEIGHT, unsupervisedWeight, THRESHOLD, threshold, BATCH_NORM, batchNorm, FOCAL_GAMMA, focalGamma,
                    INITIAL_THRESHOLD, initialThreshold, THRESHOLD_MOMENTUM, thresholdMomentum, KEEP_RATIO, keepRatio, HARD_CLASS_DECAY,
                    hardClassDecay, MIX_WEIGHT, mixWeight, BOUNDARY_WEIGHT, boundaryWeight, BOUNDARY_KERNEL, boundaryKernel,
                    PASTED_CLASSES, pastedClasses, PASTE_MODE, pasteMode, CONFIDENCE_WEIGHTING, confidenceWeighting, EMA_TEACHER, emaTeacher, PERTURBATION, perturbation,
                    CLASS_WEIGHTS, classWeights, OHEM_RATIO, ohemRatio, HEAD_AVERAGING, headAveraging);
            if (pseudoLabeller != null) {
                p.put(PSEUDO_LABELLER, pseudoLabeller);
            }
            return p;
        }

        /** The equation-level settings; what no option sets (DACS's 0.968, EMA 0.99) keeps its default. */
        public CrossDomainMixing.Hyper hyper(long seed) {
            CrossDomainMixing.Hyper d = CrossDomainMixing.Hyper.defaults();
            return new CrossDomainMixing.Hyper((float) unsupervisedWeight, (float) mixWeight, (float) boundaryWeight, boundaryKernel,
                    focalGamma, thresholdMomentum, keepRatio, hardClassDecay, confidenceWeighting, d.confidenceThreshold(), emaTeacher,
                    d.emaAlpha(), StrongView.named(perturbation), losses(classWeights, ohemRatio, headAveraging), seed);
        }
    }

    /** CaDA (eq. 3–5): style-gap bridging and output-level adversarial training on a CycleGAN-translated source. */
    record Cada(String batchNorm, String styleMode, boolean outputAdversarial, double segWeight, double outputAdversarialWeight, double styleAdversarialWeight,
            double discriminatorLr, int outputDownsampling, double decoderLrMultiplier, int discriminatorWidth, int discriminatorDecaySteps,
            int polyHorizon, boolean pseudoLabelLoss) implements MethodSpec {
        @Override
        public String name() {
            return "cada";
        }

        @Override
        public Map<String, Object> params() {
            return values(BATCH_NORM, batchNorm, STYLE_MODE, styleMode, OUTPUT_ADVERSARIAL, outputAdversarial, SEG_WEIGHT, segWeight, OUTPUT_ADVERSARIAL_WEIGHT,
                    outputAdversarialWeight, STYLE_ADVERSARIAL_WEIGHT, styleAdversarialWeight, DISCRIMINATOR_LR, discriminatorLr,
                    OUTPUT_DOWNSAMPLING, outputDownsampling, DECODER_LR_MULTIPLIER, decoderLrMultiplier, DISCRIMINATOR_WIDTH, discriminatorWidth,
                    DISCRIMINATOR_DECAY_STEPS, discriminatorDecaySteps, POLY_HORIZON, polyHorizon, PSEUDO_LABEL_LOSS, pseudoLabelLoss);
        }

        public StyleAdversarial.Options options() {
            return new StyleAdversarial.Options(StyleGap.Mode.parse(styleMode), outputAdversarial, (float) segWeight,
                    (float) outputAdversarialWeight, (float) styleAdversarialWeight, (float) discriminatorLr, outputDownsampling,
                    (float) decoderLrMultiplier, discriminatorWidth, discriminatorDecaySteps, pseudoLabelLoss);
        }
    }

    /** CaDA's self-training rounds (eq. 6) on pseudo-labels of the category-adaptive entropy thresholds (eq. 7). */
    record SelfTraining(String batchNorm, double decoderLrMultiplier) implements MethodSpec {
        @Override
        public String name() {
            return Runner.SELF_TRAINING;
        }

        @Override
        public Map<String, Object> params() {
            return values(BATCH_NORM, batchNorm, DECODER_LR_MULTIPLIER, decoderLrMultiplier);
        }
    }

    /** CycleGAN's training (LSGAN, cycle and identity losses, image pool), the translator of {@code train-translator}. */
    record Translator(String generator, int discriminatorWidth, double cycleWeight, double identityWeight, int poolSize, double decayStart)
            implements MethodSpec {
        @Override
        public String name() {
            return CYCLEGAN;
        }

        @Override
        public Map<String, Object> params() {
            return values(GENERATOR, generator, DISCRIMINATOR_WIDTH, discriminatorWidth, CYCLE_WEIGHT, cycleWeight, IDENTITY_WEIGHT,
                    identityWeight, POOL_SIZE, poolSize, DECAY_START, decayStart);
        }

        public org.segadapt.model.cyclegan.ResnetGenerator.Layout layout() {
            return org.segadapt.model.cyclegan.ResnetGenerator.Layout.named(generator);
        }
    }

    /**
     * Collects a recipe's values: each checked against its declaration when set (range, type, whether it applies to the
     * method), unset ones taking the method's default.
     */
    final class Builder {
        private final String name;
        private final Map<String, Object> values = new LinkedHashMap<>();
        private String pseudoLabeller;

        private Builder(String name) {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown method '" + name + "' (" + String.join("|", NAMES) + ")");
            }
            this.name = name;
            for (HyperParameter h : ALL) {
                if (h.appliesTo(name)) {
                    values.put(h.key(), h.check(h.defaultFor(name), name));
                }
            }
        }

        static Builder of(MethodSpec m) {
            Builder b = new Builder(m.name());
            m.params().forEach(b::set);
            return b;
        }

        public Builder set(HyperParameter h, Object value) {
            if (!h.appliesTo(name)) {
                throw new IllegalArgumentException(h.key() + " (" + h.symbol() + ") does not apply to method " + name);
            }
            values.put(h.key(), h.check(value, name));
            return this;
        }

        /** Sets a value by its key in {@code config.yaml}; {@value #PSEUDO_LABELLER} names a stage-2 run's stage-1 run. */
        public Builder set(String key, Object value) {
            if (key.equals(PSEUDO_LABELLER)) {
                return pseudoLabeller(value == null ? null : value.toString());
            }
            HyperParameter h = get(key);
            if (h == null) {
                throw new IllegalArgumentException("unknown hyper-parameter '" + key + "'");
            }
            return set(h, value);
        }

        /** Stage 2's stage-1 run: its network is the frozen teacher f(θ̃), its thresholds α weight the pseudo-labels. */
        public Builder pseudoLabeller(String stage1Run) {
            if (!name.equals("cim")) {
                throw new IllegalArgumentException("--pseudo-labeller applies to method cim, not " + name);
            }
            pseudoLabeller = stage1Run;
            return this;
        }

        public MethodSpec build() {
            MethodSpec m = switch (name) {
                case "source-only" -> new SourceOnly(text(CLASS_WEIGHTS));
                case "cim" -> new Mixing(num(UNSUPERVISED_WEIGHT), text(THRESHOLD), text(BATCH_NORM), num(FOCAL_GAMMA), num(INITIAL_THRESHOLD),
                        num(THRESHOLD_MOMENTUM), num(KEEP_RATIO), num(HARD_CLASS_DECAY), num(MIX_WEIGHT), num(BOUNDARY_WEIGHT),
                        (int) num(BOUNDARY_KERNEL), (int) num(PASTED_CLASSES), text(PASTE_MODE), flag(CONFIDENCE_WEIGHTING), flag(EMA_TEACHER), text(PERTURBATION),
                        text(CLASS_WEIGHTS), numOr0(OHEM_RATIO), flag(HEAD_AVERAGING), pseudoLabeller);
                case "cada" -> new Cada(text(BATCH_NORM), text(STYLE_MODE), flag(OUTPUT_ADVERSARIAL), num(SEG_WEIGHT), num(OUTPUT_ADVERSARIAL_WEIGHT),
                        num(STYLE_ADVERSARIAL_WEIGHT), num(DISCRIMINATOR_LR), (int) num(OUTPUT_DOWNSAMPLING), num(DECODER_LR_MULTIPLIER),
                        (int) num(DISCRIMINATOR_WIDTH), (int) num(DISCRIMINATOR_DECAY_STEPS), (int) num(POLY_HORIZON), flag(PSEUDO_LABEL_LOSS));
                case Runner.SELF_TRAINING -> new SelfTraining(text(BATCH_NORM), num(DECODER_LR_MULTIPLIER));
                case CYCLEGAN -> new Translator(text(GENERATOR), (int) num(DISCRIMINATOR_WIDTH), num(CYCLE_WEIGHT), num(IDENTITY_WEIGHT),
                        (int) num(POOL_SIZE), num(DECAY_START));
                default -> new Entropy(name, num(UNSUPERVISED_WEIGHT), text(THRESHOLD), text(BATCH_NORM), flag(IMAGE_WISE_WEIGHTING),
                        num(FOCAL_GAMMA),
                        num(INITIAL_THRESHOLD), num(THRESHOLD_MOMENTUM), num(KEEP_RATIO), num(HARD_CLASS_DECAY), text(PERTURBATION),
                        text(CLASS_WEIGHTS), numOr0(OHEM_RATIO), flag(HEAD_AVERAGING));
            };
            validate(m);
            return m;
        }

        /** What one value's range cannot say: I_t's syntax, CaDA's style mode, an odd boundary band. */
        private static void validate(MethodSpec m) {
            Object bn = m.params().get(BATCH_NORM.key());
            if (bn != null && !bn.equals("train") && !bn.equals("frozen")) {
                throw new IllegalArgumentException("batchNorm (--batchnorm) must be train or frozen, got '" + bn + "'");
            }
            if (m.params().get(PASTE_MODE.key()) instanceof String paste && !paste.equals("paper") && !paste.equals("reference")) {
                throw new IllegalArgumentException("pasteMode (--paste-mode) must be paper or reference, got '" + paste + "'");
            }
            if (m.params().get(PERTURBATION.key()) instanceof String g) {
                StrongView.named(g);
            }
            if (m instanceof Entropy e) {
                e.mask();
                e.losses();
                if (e.imageWiseWeighting() && (e.ohemRatio() > 0 || !e.classWeights().equals(ClassWeights.NONE))) {
                    throw new IllegalArgumentException("max-square's image-wise weighting (--image-wise-weighting) has no per-pixel form for "
                            + "--class-weights or OHEM");
                }
            } else if (m instanceof Mixing x) {
                thresholdMask(x.threshold(), x.initialThreshold(), x.thresholdMomentum(), x.keepRatio(), x.hardClassDecay());
                if (x.boundaryKernel() % 2 == 0) {
                    throw new IllegalArgumentException("boundaryKernel (k) must be odd, got " + x.boundaryKernel());
                }
            } else if (m instanceof Cada c) {
                c.options();
            } else if (m instanceof Translator t) {
                t.layout();
            }
        }

        /** A number, 0 where the hyper-parameter does not apply to the method. */
        private double numOr0(HyperParameter h) {
            return values.containsKey(h.key()) ? num(h) : 0;
        }

        private double num(HyperParameter h) {
            return ((Number) values.get(h.key())).doubleValue();
        }

        /** A switch; one that does not apply to the method is off (its declared default). */
        private boolean flag(HyperParameter h) {
            return (Boolean) values.getOrDefault(h.key(), h.value());
        }

        /** The value as text, null where the hyper-parameter does not apply to the method. */
        private String text(HyperParameter h) {
            Object v = values.get(h.key());
            return v == null ? null : v.toString();
        }
    }

    /** A record's values under their keys (pairs of declaration, value), in the order of {@link HyperParameters#ALL}. */
    private static Map<String, Object> values(Object... pairs) {
        Map<HyperParameter, Object> byDeclaration = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            byDeclaration.put((HyperParameter) pairs[i], pairs[i + 1]);
        }
        Map<String, Object> p = new LinkedHashMap<>();
        for (HyperParameter h : ALL) {
            if (byDeclaration.containsKey(h)) {
                p.put(h.key(), byDeclaration.get(h));
            }
        }
        return p;
    }

    /** I_t from its text: "none", "fixed:T" or "adaptive" (t, a, b, d of eq. 8–9 for the last). */
    private static ConfidenceMask thresholdMask(String spec, double t, double a, double b, double d) {
        if (spec.equals("none")) {
            return new FixedThreshold(0);
        }
        if (spec.equals("adaptive")) {
            return new ClassAdaptiveThreshold(ClassSet.NUM_CLASSES, t, a, b, d);
        }
        if (spec.startsWith("fixed:")) {
            try {
                return new FixedThreshold(Double.parseDouble(spec.substring(6)));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("--threshold must be none, fixed:T (0 <= T < 1) or adaptive, got '" + spec + "'");
    }
}
