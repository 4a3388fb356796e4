package org.segadapt.run;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.segadapt.augment.StrongView;
import org.segadapt.loss.ClassWeights;
import org.segadapt.loss.UnsupervisedFocalLoss;
import org.segadapt.loss.mask.ClassAdaptiveThreshold;
import org.segadapt.method.CrossDomainMixing;
import org.segadapt.method.StyleAdversarial;
import org.segadapt.mix.BoundaryWeights;

/**
 * Every method hyper-parameter, declared once (see {@link HyperParameter}). Values that an equation's class owns (γ,
 * t, a, b, d, the boundary band, CaDA's Sec. 3.2 values) are read from that class's constant, so a default has one
 * home; the rest are declared here. Methods: the entropy family ({@link Recipes#ENTROPY_METHODS}), {@code cim}
 * (TUFL stage 2), {@code cada}, {@code cada-ssl}.
 */
public final class HyperParameters {
    private static final List<String> ENTROPY = Recipes.ENTROPY_METHODS;
    private static final CrossDomainMixing.Hyper MIX = CrossDomainMixing.Hyper.defaults();
    private static final StyleAdversarial.Options CADA = StyleAdversarial.Options.paper();
    /** The image style translator's training ({@code train-translator}). */
    public static final String CYCLEGAN = "cyclegan";

    // max-square: TUFL's Fig. 7 peak 0.005 was measured with its copy's sum over classes; ZJU's mean over the C = 19
    // classes (followed here) divides the term by C, so the same weight in the paper's scale is 0.005 · 19
    private static final double MAX_SQUARE_WEIGHT = 0.095;
    public static final HyperParameter UNSUPERVISED_WEIGHT = h("unsupervisedWeight", "λ_u", "--unsupervised-weight", Double.class, 0.01,
            withCim(), 0.0, null, "weight of the unsupervised target loss L_u (TUFL eq. 1, 12)",
            Map.of("focal", d(MIX.unsupervisedWeight()), "cim", d(MIX.unsupervisedWeight()), "maxsquare", MAX_SQUARE_WEIGHT));
    // the official TUFL code masks every loss at 0.8 (utils/loss.py uda_confidence_thresh; Table VI sweeps all five)
    public static final HyperParameter THRESHOLD = h("threshold", "I_t", "--threshold", String.class, "fixed:0.8", withCim(), null, null,
            "which target pixels L_u sees: none | fixed:T (0 <= T < 1) | adaptive (TUFL eq. 8-9)",
            Map.of("focal", "adaptive", "cim", "adaptive"));
    public static final HyperParameter BATCH_NORM = h("batchNorm", "BN", "--batchnorm", String.class, "train", adapting(), null, null,
            "BatchNorm while adapting: train (batch statistics, updated) | frozen (running statistics fixed, weights trained: "
                    + "the official TUFL scripts' --freeze_bn, net.eval())", Map.of());
    public static final HyperParameter PERTURBATION = h("perturbation", "g", "--perturbation", String.class, StrongView.BATCH,
            List.of("neutral", "focal", "cim"), null, null, "the strong view x_t* = g(x_t): batch (one milder g per batch, then photometric "
                    + "noise per image) | reference (the official TUFL code's per-image photometric then affine draws)", Map.of());
    // the paper is silent on class weights; the official TUFL code weights every loss with --weight_mode middle by default
    // (with them 18-19 of the benchmark's 19 classes are learnable, without 12: results/thin-classes.md). Source-only
    // training is shared with CaDA, whose base code has none: TUFL's source presets set middle themselves
    public static final HyperParameter CLASS_WEIGHTS = h("classWeights", "w_c", "--class-weights", String.class, ClassWeights.NONE, withSourceAndCim(),
            null, null, "class weights in every loss: none (the paper's equations) | small | middle | large (the official TUFL code's "
                    + "--weight_mode, Cityscapes frequencies)", tuflMethods(ClassWeights.MIDDLE));
    // the official TUFL code's other loss options that the paper does not mention (method.LossOptions), off by default
    public static final HyperParameter OHEM_RATIO = h("ohemRatio", "OHEM r", "--ohem-ratio", Double.class, 0.0,
            List.of("shannon", "neutral", "focal", "cim"), 0.0, 1.0, "L_u over the top r of I_t's pixel losses, 0 = the mean over I_t "
                    + "(the official code's --loss_ohem_ratio: 0.25 for Shannon and neutral CE, 0.5 for focal)", Map.of());
    public static final HyperParameter HEAD_AVERAGING = h("headAveraging", "3 heads", "--head-averaging", Boolean.class, false, withCim(),
            null, null, "L_s and L_u averaged over BiSeNet's three heads, L_m on the main head (the official code's --sup_mode deep); "
                    + "otherwise L_s sums the heads, L_u reads the main one", Map.of());
    public static final HyperParameter IMAGE_WISE_WEIGHTING = h("imageWiseWeighting", "IW", "--image-wise-weighting", Boolean.class,
            false, List.of("maxsquare"), null, null, "max-square's image-wise class-balanced weights (ZJU IW_MaxSquareloss, ratio 0.2)",
            Map.of());
    public static final HyperParameter FOCAL_GAMMA = h("focalGamma", "γ", "--focal-gamma", Double.class,
            UnsupervisedFocalLoss.DEFAULT_FOCAL_GAMMA, withCim(), 0.0, null, "focusing exponent of the unsupervised focal loss (TUFL eq. 4)", Map.of());
    public static final HyperParameter INITIAL_THRESHOLD = h("initialThreshold", "t", "--initial-threshold", Double.class,
            ClassAdaptiveThreshold.DEFAULT_INITIAL_THRESHOLD, withCim(), 0.0, 1.0, "initial class threshold (TUFL eq. 8)", Map.of());
    public static final HyperParameter THRESHOLD_MOMENTUM = h("thresholdMomentum", "a", "--threshold-momentum", Double.class,
            ClassAdaptiveThreshold.DEFAULT_THRESHOLD_MOMENTUM, withCim(), 0.0, 1.0, "momentum of the class thresholds (TUFL eq. 8)", Map.of());
    public static final HyperParameter KEEP_RATIO = h("keepRatio", "b", "--keep-ratio", Double.class,
            ClassAdaptiveThreshold.DEFAULT_KEEP_RATIO, withCim(), 0.0, 1.0, "share of a class's confident pixels kept (TUFL eq. 9)", Map.of());
    public static final HyperParameter HARD_CLASS_DECAY = h("hardClassDecay", "d", "--hard-class-decay", Double.class,
            ClassAdaptiveThreshold.DEFAULT_HARD_CLASS_DECAY, withCim(), 0.0, null, "decay of the index for hard classes (TUFL eq. 9)", Map.of());
    public static final HyperParameter MIX_WEIGHT = h("mixWeight", "λ_m", "--mix-weight", Double.class, d(MIX.mixWeight()),
            List.of("cim"), 0.0, null, "weight of the mixed loss L_m (TUFL eq. 12)", Map.of());
    public static final HyperParameter BOUNDARY_WEIGHT = h("boundaryWeight", "W_m", "--boundary-weight", Double.class,
            d(BoundaryWeights.DEFAULT_BOUNDARY_WEIGHT), List.of("cim"), 0.0, null, "weight on the mask boundary band (TUFL eq. 11)", Map.of());
    public static final HyperParameter BOUNDARY_KERNEL = h("boundaryKernel", "k", "--boundary-kernel", Integer.class,
            BoundaryWeights.DEFAULT_BOUNDARY_KERNEL, List.of("cim"), 1.0, null, "size k×k of the boundary band (TUFL eq. 11)", Map.of());
    public static final HyperParameter PASTED_CLASSES = h("pastedClasses", "n_paste", "--pasted-classes", Integer.class, 1,
            List.of("cim"), 0.0, 19.0, "long-tail classes pasted per source image, 0 = no pasting (TUFL Sec. III-C)", Map.of());
    public static final HyperParameter PASTE_MODE = h("pasteMode", "paste", "--paste-mode", String.class, "paper", List.of("cim"), null, null,
            "long-tail pasting: paper (n_paste classes into every image, I_m half the classes of y_s') | reference (the official code: "
                    + "p 0.3, 2-4 classes with replacement and their related classes; I_m half of y_s's classes, 2 fewer when pasted, "
                    + "plus every pasted pixel; n_paste ignored)", Map.of());
    public static final HyperParameter CONFIDENCE_WEIGHTING = h("confidenceWeighting", "q", "--confidence-weighting", Boolean.class,
            MIX.confidenceWeighting(), List.of("cim"), null, null, "DACS-style weighting of pseudo-labelled pixels (not in TUFL)", Map.of());
    public static final HyperParameter EMA_TEACHER = h("emaTeacher", "θ̃ ← EMA", "--ema-teacher", Boolean.class, MIX.emaTeacher(),
            List.of("cim"), null, null, "an EMA teacher instead of the frozen stage-1 network (not in TUFL)", Map.of());
    public static final HyperParameter STYLE_MODE = h("styleMode", "L_style", "--style-mode", String.class,
            CADA.styleMode().name().toLowerCase(java.util.Locale.ROOT), List.of("cada"), null, null,
            "style-gap term: adversarial (CaDA eq. 4) | gram | meanstd | none (Table 3 variants)", Map.of());
    public static final HyperParameter OUTPUT_ADVERSARIAL = h("outputAdversarial", "L_adv_seg", "--output-adversarial", Boolean.class,
            CADA.outputAdversarial(), List.of("cada"), null, null, "output-level adversarial term (CaDA eq. 5)", Map.of());
    public static final HyperParameter SEG_WEIGHT = h("segWeight", "λ_seg", "--seg-weight", Double.class, d(CADA.segWeight()),
            List.of("cada"), 0.0, null, "weight of the source segmentation loss (CaDA eq. 5)", Map.of());
    public static final HyperParameter OUTPUT_ADVERSARIAL_WEIGHT = h("outputAdversarialWeight", "λ_adv_seg", "--output-adversarial-weight",
            Double.class, d(CADA.outputAdversarialWeight()), List.of("cada"), 0.0, null, "weight of L_adv_seg (CaDA eq. 5)", Map.of());
    public static final HyperParameter STYLE_ADVERSARIAL_WEIGHT = h("styleAdversarialWeight", "λ_style", "--style-adversarial-weight",
            Double.class, d(CADA.styleAdversarialWeight()), List.of("cada"), 0.0, null, "weight of L_style (CaDA eq. 5)", Map.of());
    public static final HyperParameter DISCRIMINATOR_LR = h("discriminatorLr", "lr_D", "--discriminator-lr", Double.class,
            d(CADA.discriminatorLr()), List.of("cada"), 0.0, null, "Adam learning rate of both discriminators (CaDA Sec. 3.2)", Map.of());
    public static final HyperParameter OUTPUT_DOWNSAMPLING = h("outputDownsampling", "D_c stride", "--output-downsampling", Integer.class,
            CADA.outputDownsampling(), List.of("cada"), 1.0, null, "downsampling of D_c's confidence map (CaDA Sec. 3.2: 16)", Map.of());
    public static final HyperParameter DECODER_LR_MULTIPLIER = h("decoderLrMultiplier", "lr_dec / lr", "--decoder-lr-multiplier",
            Double.class, d(CADA.decoderLrMultiplier()), List.of("cada", Runner.SELF_TRAINING), 0.0, null,
            "decoder learning rate over the encoder's (CaDA Sec. 3.2: 2.5e-3 / 2.5e-4)", Map.of());
    public static final HyperParameter DISCRIMINATOR_WIDTH = h("discriminatorWidth", "ndf", "--discriminator-width", Integer.class,
            CADA.discriminatorWidth(), List.of("cada", CYCLEGAN), 1.0, null, "channels of the discriminators' first layer (PatchGAN: 64)",
            Map.of());

    public static final HyperParameter DISCRIMINATOR_DECAY_STEPS = h("discriminatorDecaySteps", "decay_steps", "--discriminator-decay-steps",
            Integer.class, CADA.discriminatorDecaySteps(), List.of("cada"), 1.0, null,
            "lr_D falls tenfold every decay_steps iterations, 0.1^floor(i/decay_steps) (CaDA Sec. 3.2; BDL's staircase)", Map.of());

    public static final HyperParameter POLY_HORIZON = h("polyHorizon", "maxstep", "--poly-horizon", Integer.class, 250_000, List.of("cada"),
            1.0, null, "iterations over which the segmenter's poly schedule falls to 0 (CaDA Sec. 3.2: maxstep 250,000); "
                    + "a shorter run ends before it", Map.of());

    public static final HyperParameter PSEUDO_LABEL_LOSS = h("pseudoLabelLoss", "L_ssl", "--pseudo-label-loss", Boolean.class, false,
            List.of("cada"), null, null, "add CaDA eq. 6's L_ssl on the target's pseudo-labels (a pseudo-label folder as --target) to "
                    + "eq. 5: BDL's self-training, which keeps L_seg and the adversarial terms (BDL.py --data-label-folder-target)", Map.of());

    // CycleGAN (Zhu et al. 2017; junyanz/pytorch-CycleGAN-and-pix2pix defaults), the image style translation of both papers
    public static final HyperParameter GENERATOR = h("generator", "G", "--generator", String.class, "official", List.of(CYCLEGAN), null,
            null, "generator layout: official (ResNet, ngf 64, 9 blocks) | small (ngf 16, 3 blocks) | WIDTHxBLOCKS", Map.of());
    public static final HyperParameter CYCLE_WEIGHT = h("cycleWeight", "λ_cyc", "--cycle-weight", Double.class, 10.0, List.of(CYCLEGAN),
            0.0, null, "weight of the cycle-consistency losses (CycleGAN's lambda_A = lambda_B)", Map.of());
    public static final HyperParameter IDENTITY_WEIGHT = h("identityWeight", "λ_id", "--identity-weight", Double.class, 0.5,
            List.of(CYCLEGAN), 0.0, null, "identity loss weight, relative to λ_cyc (CycleGAN's lambda_identity)", Map.of());
    public static final HyperParameter POOL_SIZE = h("poolSize", "pool", "--pool-size", Integer.class, 50, List.of(CYCLEGAN), 0.0, null,
            "generated images kept for the discriminators' updates (Shrivastava et al.; 0 = none)", Map.of());
    public static final HyperParameter DECAY_START = h("decayStart", "n_epochs", "--decay-start", Double.class, 0.5, List.of(CYCLEGAN),
            0.0, 1.0, "share of the run at constant learning rate before it decays linearly to 0 (CycleGAN: 100 + 100 epochs)", Map.of());

    public static final List<HyperParameter> ALL = List.of(UNSUPERVISED_WEIGHT, THRESHOLD, BATCH_NORM, PERTURBATION, CLASS_WEIGHTS, OHEM_RATIO,
            HEAD_AVERAGING, IMAGE_WISE_WEIGHTING, FOCAL_GAMMA, MIX_WEIGHT, BOUNDARY_WEIGHT,
            BOUNDARY_KERNEL, PASTED_CLASSES, PASTE_MODE, CONFIDENCE_WEIGHTING, EMA_TEACHER, INITIAL_THRESHOLD, THRESHOLD_MOMENTUM, KEEP_RATIO,
            HARD_CLASS_DECAY, STYLE_MODE, OUTPUT_ADVERSARIAL, SEG_WEIGHT, OUTPUT_ADVERSARIAL_WEIGHT, STYLE_ADVERSARIAL_WEIGHT,
            DISCRIMINATOR_LR, OUTPUT_DOWNSAMPLING, DECODER_LR_MULTIPLIER, DISCRIMINATOR_WIDTH, DISCRIMINATOR_DECAY_STEPS, POLY_HORIZON,
            PSEUDO_LABEL_LOSS, GENERATOR, CYCLE_WEIGHT, IDENTITY_WEIGHT, POOL_SIZE, DECAY_START);
    /**
     * Defaults that changed, each with the value that runs saved before the change trained with: a saved
     * {@code config.yaml} without the key reads it ({@link RunSpec#load}), and runs save the key from then on, so that a run
     * resumes as it started. 0.6: class weights became TUFL's default.
     */
    public static final Map<HyperParameter, Object> CHANGED_DEFAULTS = Map.of(CLASS_WEIGHTS, ClassWeights.NONE);

    private HyperParameters() {}

    /** The declaration named {@code key}, or null. */
    public static HyperParameter get(String key) {
        return ALL.stream().filter(h -> h.key().equals(key)).findFirst().orElse(null);
    }

    /** Every hyper-parameter of {@code method} with its default, in declaration order. */
    public static Map<String, Object> defaults(String method) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (HyperParameter h : ALL) {
            if (h.appliesTo(method)) {
                p.put(h.key(), h.defaultFor(method));
            }
        }
        return p;
    }

    /** A float constant as the decimal it was written as (0.05f → 0.05, not 0.05000000074505806). */
    private static double d(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    private static List<String> withCim() {
        List<String> m = new java.util.ArrayList<>(ENTROPY);
        m.add("cim");
        return m;
    }

    /** {@code value} for each of TUFL's adaptation methods (its losses and baselines, stage 2). */
    private static Map<String, Object> tuflMethods(Object value) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        withCim().forEach(method -> m.put(method, value));
        return m;
    }

    private static List<String> withSourceAndCim() {
        List<String> m = withCim();
        m.add("source-only");
        return m;
    }

    /** Every method that adapts a network on target images: TUFL's, CaDA's and its self-training rounds. */
    private static List<String> adapting() {
        List<String> m = withCim();
        m.add("cada");
        m.add(Runner.SELF_TRAINING);
        return m;
    }

    private static HyperParameter h(String key, String symbol, String option, Class<?> type, Object value, List<String> methods, Double min,
            Double max, String doc, Map<String, Object> perMethod) {
        Set<String> ms = new LinkedHashSet<>(methods);
        return new HyperParameter(key, symbol, option, type, value, new java.util.TreeMap<>(perMethod), ms, min, max, doc);
    }
}
