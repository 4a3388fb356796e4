package org.segadapt.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.segadapt.data.Batch;
import org.segadapt.method.CrossDomainMixing;
import org.segadapt.method.EntropyAdaptation;
import org.segadapt.method.SegmenterOptimizer;
import org.segadapt.method.UnsupervisedTerm;
import org.segadapt.mix.LongTailPaster;
import org.segadapt.model.SegmentationModel;

/** The recipes' wiring: a {@link MethodSpec} and a run's data become the method that trains (TUFL Sec. IV-C, Fig. 7). */
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

    /**
     * TUFL stage 2 (eq. 12): {@code teacher} is the frozen stage-1 network f(θ̃), {@code alphas} its thresholds,
     * {@code paster} the long-tail class paster (null: no pasting).
     */
    public static CrossDomainMixing mixing(MethodSpec.Mixing spec, long seed, SegmenterOptimizer optimizer, SegmentationModel teacher,
            Supplier<Batch> source, Supplier<Batch> target, LongTailPaster paster, float[] alphas) {
        return new CrossDomainMixing(optimizer, teacher, source, target, paster, alphas, spec.hyper(seed));
    }

    /** Stage 1 or an entropy baseline. */
    public static EntropyAdaptation entropy(MethodSpec.Entropy spec, long seed, SegmenterOptimizer optimizer, Supplier<Batch> source,
            Supplier<Batch> target) {
        UnsupervisedTerm term = new UnsupervisedTerm(spec.loss(), spec.mask(), spec.strongView(), spec.losses());
        return new EntropyAdaptation(spec.name(), optimizer, source, target, term, (float) spec.unsupervisedWeight(), seed);
    }
}
