package org.segadapt.loss.mask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** I_t = {n | p_m^n > t}, p_m = max_c p (TUFL Sec. III-A, below eq. 2). */
public final class FixedThreshold implements ConfidenceMask {
    private final double threshold;

    public FixedThreshold(double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("confidence threshold must be in [0,1], got " + threshold);
        }
        this.threshold = threshold;
    }

    public double threshold() {
        return threshold;
    }

    @Override
    public NDArray mask(NDArray prob) {
        Masks.checkProb(prob);
        return prob.stopGradient().max(new int[] {1}).gt(threshold).toType(DataType.FLOAT32, false);
    }
}
