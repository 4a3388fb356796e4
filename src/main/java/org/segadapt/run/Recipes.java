package org.segadapt.run;

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
import org.segadapt.method.StyleAdversarial;
import org.segadapt.method.UnsupervisedTerm;
import org.segadapt.model.SegmentationModel;

/** The entropy-family recipes by name, with the papers' default hyper-parameters (TUFL Sec. IV-C, Fig. 7). */
public final class Recipes {
    public static final List<String> ENTROPY_METHODS = List.of("shannon", "maxsquare", "neutral", "confidence", "focal");

    private Recipes() {}

    /** Paper defaults for a method; {@code threshold} is "none", "fixed:T" or "adaptive". */
    public static Map<String, Object> defaults(String method) {
        Map<String, Object> p = new LinkedHashMap<>();
        if (method.equals("cada")) {
            p.putAll(StyleAdversarial.Options.paper().params());
            return p;
        }
        p.put("unsupervisedWeight", switch (method) {
            case "focal", "cim" -> 0.05;
            case "maxsquare" -> 0.005;
            case "shannon", "neutral", "confidence" -> 0.01;
            default -> 0.0;
        });
        p.put("threshold", switch (method) {
            case "focal", "cim" -> "adaptive";
            case "neutral" -> "fixed:0.8"; // Xu et al. filter with 0.8 (TUFL Sec. III-B)
            default -> "none";
        });
        p.put("focalGamma", UnsupervisedFocalLoss.DEFAULT_FOCAL_GAMMA);
        if (method.equals("cim")) {
            CrossDomainMixing.Hyper h = CrossDomainMixing.Hyper.defaults();
            p.put("mixWeight", (double) h.mixWeight());
            p.put("boundaryWeight", (double) h.boundaryWeight());
            p.put("boundaryKernel", h.boundaryKernel());
            p.put("pastedClasses", 1);
            p.put("confidenceWeighting", false);
            p.put("emaTeacher", false);
        }
        p.put("initialThreshold", ClassAdaptiveThreshold.DEFAULT_INITIAL_THRESHOLD);
        p.put("thresholdMomentum", ClassAdaptiveThreshold.DEFAULT_THRESHOLD_MOMENTUM);
        p.put("keepRatio", ClassAdaptiveThreshold.DEFAULT_KEEP_RATIO);
        p.put("hardClassDecay", ClassAdaptiveThreshold.DEFAULT_HARD_CLASS_DECAY);
        return p;
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
        String spec = String.valueOf(cfg.params().get("threshold"));
        if (spec.equals("none")) {
            return new FixedThreshold(0);
        }
        if (spec.equals("adaptive")) {
            return new ClassAdaptiveThreshold(ClassSet.NUM_CLASSES, cfg.param("initialThreshold", 0.8), cfg.param("thresholdMomentum", 0.9),
                    cfg.param("keepRatio", 0.8), cfg.param("hardClassDecay", 8));
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
        CrossDomainMixing.Hyper d = CrossDomainMixing.Hyper.defaults();
        var h = new CrossDomainMixing.Hyper((float) cfg.param("unsupervisedWeight", d.unsupervisedWeight()),
                (float) cfg.param("mixWeight", d.mixWeight()), (float) cfg.param("boundaryWeight", d.boundaryWeight()),
                (int) cfg.param("boundaryKernel", d.boundaryKernel()), cfg.param("focalGamma", d.focalGamma()),
                cfg.param("thresholdMomentum", d.thresholdMomentum()), cfg.param("keepRatio", d.keepRatio()),
                cfg.param("hardClassDecay", d.hardClassDecay()), Boolean.TRUE.equals(cfg.params().get("confidenceWeighting")),
                d.confidenceThreshold(), Boolean.TRUE.equals(cfg.params().get("emaTeacher")), d.emaAlpha(), d.geometric(),
                d.photometric(), cfg.seed());
        return new CrossDomainMixing(optimizer, teacher, source, target, paster, alphas, h);
    }

    /** Stage 1 or an entropy baseline, as configured. */
    public static EntropyAdaptation entropy(RunSpec cfg, SegmenterOptimizer optimizer, Supplier<Batch> source, Supplier<Batch> target) {
        UnsupervisedTerm term = new UnsupervisedTerm(loss(cfg.method(), cfg.param("focalGamma", 2)), mask(cfg));
        return new EntropyAdaptation(cfg.method(), optimizer, source, target, term, (float) cfg.param("unsupervisedWeight", 0), cfg.seed());
    }
}
