package org.segadapt.run;

import static org.segadapt.run.HyperParameters.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.segadapt.data.Batch;
import org.segadapt.data.labels.ClassSet;
import org.segadapt.loss.ConfidenceEntropy;
import org.segadapt.loss.MaxSquare;
import org.segadapt.loss.NeutralCrossEntropy;
import org.segadapt.loss.ShannonEntropy;
import org.segadapt.loss.UnsupervisedFocalLoss;
import org.segadapt.loss.UnsupervisedLoss;
import org.segadapt.loss.mask.ClassAdaptiveThreshold;
import org.segadapt.loss.mask.ConfidenceMask;
import org.segadapt.loss.mask.FixedThreshold;
import org.segadapt.method.CrossDomainMixing;
import org.segadapt.method.EntropyAdaptation;
import org.segadapt.method.SegmenterOptimizer;
import org.segadapt.method.UnsupervisedTerm;
import org.segadapt.model.SegmentationModel;

/** The entropy-family recipes by name, with the papers' default hyper-parameters (TUFL Sec. IV-C, Fig. 7). */
public final class Recipes {
    public static final List<String> ENTROPY_METHODS = List.of("shannon", "maxsquare", "neutral", "confidence", "focal");

    private Recipes() {}

    /** The papers' defaults of a method's hyper-parameters ({@link HyperParameters}), by name. */
    public static Map<String, Object> defaults(String method) {
        return HyperParameters.defaults(method);
    }

    /** {@link #defaults} for the adaptation methods (entropy family, cim, cada); none for source-only and self-training. */
    public static Map<String, Object> defaultsOf(String method) {
        boolean adapts = method != null && (ENTROPY_METHODS.contains(method) || method.equals("cim") || method.equals("cada"));
        return adapts ? defaults(method) : new LinkedHashMap<>();
    }

    public static UnsupervisedLoss loss(String method, double focalGamma) {
        return switch (method) {
            case "shannon" -> new ShannonEntropy();
            case "maxsquare" -> new MaxSquare();
            case "neutral" -> new NeutralCrossEntropy();
            case "confidence" -> new ConfidenceEntropy();
            case "focal", "cim" -> new UnsupervisedFocalLoss(focalGamma);
            default -> throw new IllegalArgumentException("unknown entropy method '" + method + "' (" + String.join("|", ENTROPY_METHODS) + ")");
        };
    }

    /** I_t: "none", "fixed:T" or "adaptive" (eq. 8–9 with t, a, b, d from the config). */
    public static ConfidenceMask mask(RunSpec cfg) {
        String spec = THRESHOLD.text(cfg);
        if (spec.equals("none")) {
            return new FixedThreshold(0);
        }
        if (spec.equals("adaptive")) {
            return new ClassAdaptiveThreshold(ClassSet.NUM_CLASSES, INITIAL_THRESHOLD.number(cfg), THRESHOLD_MOMENTUM.number(cfg),
                    KEEP_RATIO.number(cfg), HARD_CLASS_DECAY.number(cfg));
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

    /**
     * TUFL stage 2 (eq. 12) as configured: {@code teacher} is the frozen stage-1 network f(θ̃), {@code alphas} its
     * thresholds, {@code paster} the long-tail class paster (null: no pasting).
     */
    public static CrossDomainMixing mixing(RunSpec cfg, SegmenterOptimizer optimizer, SegmentationModel teacher, Supplier<Batch> source,
            Supplier<Batch> target, org.segadapt.mix.LongTailPaster paster, float[] alphas) {
        CrossDomainMixing.Hyper d = CrossDomainMixing.Hyper.defaults(); // what no option sets: DACS's 0.968, EMA 0.99, perturbations
        var h = new CrossDomainMixing.Hyper((float) UNSUPERVISED_WEIGHT.number(cfg), (float) MIX_WEIGHT.number(cfg),
                (float) BOUNDARY_WEIGHT.number(cfg), (int) BOUNDARY_KERNEL.number(cfg), FOCAL_GAMMA.number(cfg),
                THRESHOLD_MOMENTUM.number(cfg), KEEP_RATIO.number(cfg), HARD_CLASS_DECAY.number(cfg), CONFIDENCE_WEIGHTING.flag(cfg),
                d.confidenceThreshold(), EMA_TEACHER.flag(cfg), d.emaAlpha(), d.geometric(), d.photometric(), cfg.seed());
        return new CrossDomainMixing(optimizer, teacher, source, target, paster, alphas, h);
    }

    /** Stage 1 or an entropy baseline, as configured. */
    public static EntropyAdaptation entropy(RunSpec cfg, SegmenterOptimizer optimizer, Supplier<Batch> source, Supplier<Batch> target) {
        UnsupervisedTerm term = new UnsupervisedTerm(loss(cfg.method(), FOCAL_GAMMA.number(cfg)), mask(cfg));
        return new EntropyAdaptation(cfg.method(), optimizer, source, target, term, (float) UNSUPERVISED_WEIGHT.number(cfg), cfg.seed());
    }
}
