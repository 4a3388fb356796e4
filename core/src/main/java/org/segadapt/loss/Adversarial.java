package org.segadapt.loss;

import ai.djl.ndarray.NDArray;
import org.segadapt.nd.Scalars;

/**
 * GAN losses on discriminator logits (AdaptSegNet / CaDA eq. (5)–(6) style; source label 0, target 1).
 * BCE with logits is written out, numerically stable:
 * bce(x, y) = max(x, 0) − x·y + log(1 + exp(−|x|)). (DJL's fromSigmoid variant has a sign bug.)
 */
public final class Adversarial {
    public static final float SOURCE_LABEL = 0f;
    public static final float TARGET_LABEL = 1f;

    private Adversarial() {}

    /** Mean over all elements of bce(logits, target). */
    public static NDArray bceWithLogits(NDArray logits, float target) {
        NDArray softplusNegAbs = Scalars.add(logits.abs().neg().exp(), 1).log();
        return Scalars.maximum(logits, 0).sub(Scalars.mul(logits, target)).add(softplusNegAbs).mean();
    }

    /**
     * Discriminator step: source outputs labelled source, target outputs labelled target,
     * ½(bce(D(s), 0) + bce(D(t), 1)). Pass detached segmenter outputs into D.
     */
    public static NDArray discriminatorLoss(NDArray sourceLogits, NDArray targetLogits) {
        return Scalars.mul(bceWithLogits(sourceLogits, SOURCE_LABEL).add(bceWithLogits(targetLogits, TARGET_LABEL)), 0.5f);
    }

    /** Generator (segmenter) step: fool D by labelling target outputs as source, bce(D(t), 0). */
    public static NDArray generatorLoss(NDArray targetLogits) {
        return bceWithLogits(targetLogits, SOURCE_LABEL);
    }
}
