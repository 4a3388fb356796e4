package org.segadapt.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.segadapt.nd.HostArrays;
import org.segadapt.nd.Scalars;

/**
 * An unsupervised loss reduced as the official TUFL code reduces it ({@code utils/loss.py} at e84db35): class weights
 * w_c inside Σ_c ({@link ClassWeights}), then over I_t either the mean or, with OHEM, the mean of the top
 * ⌊r·|I_t|⌋ pixel losses (each clamped to ≥ 1e-8 first, {@code --loss_ohem --loss_ohem_ratio r}).
 */
public final class ReferenceReduction implements UnsupervisedLoss {
    private static final float MIN_LOSS = 1e-8f;

    private final UnsupervisedLoss loss;
    private final float[] classWeights;
    private final double ohemRatio;

    /**
     * @param classWeights w_c, or null for none
     * @param ohemRatio    r in (0, 1], or 0 for the plain mean over I_t
     */
    public ReferenceReduction(UnsupervisedLoss loss, float[] classWeights, double ohemRatio) {
        if (!(ohemRatio >= 0 && ohemRatio <= 1)) {
            throw new IllegalArgumentException("OHEM ratio must be in [0, 1], got " + ohemRatio);
        }
        this.loss = loss;
        this.classWeights = classWeights;
        this.ohemRatio = ohemRatio;
    }

    @Override
    public NDArray compute(NDArray weakProb, NDArray strongProb, NDArray mask) {
        NDArray w = classWeights == null ? null
                : HostArrays.floats(weakProb, classWeights, new Shape(1, classWeights.length, 1, 1)).toType(weakProb.getDataType(), false);
        NDArray perPixel = loss.perPixel(weakProb, strongProb, w);
        if (ohemRatio == 0) {
            return Pixels.maskedMean(perPixel, mask);
        }
        Pixels.checkSameShape(perPixel, mask, "mask");
        NDArray kept = Scalars.clip(perPixel.get(mask.stopGradient().gt(0.5f)), MIN_LOSS, Float.MAX_VALUE);
        long k = (long) (kept.getShape().get(0) * ohemRatio);
        if (k == 0) {
            return Scalars.mul(perPixel.sum(), 0f); // nothing selected: no gradient, as the reference skips a NaN L_u
        }
        return kept.sort().get(new NDIndex("{}:", kept.getShape().get(0) - k)).mean();
    }

    @Override
    public NDArray perPixel(NDArray weakProb, NDArray strongProb, NDArray classWeights) {
        return loss.perPixel(weakProb, strongProb, classWeights);
    }

    @Override
    public boolean needsStrongView() {
        return loss.needsStrongView();
    }
}
