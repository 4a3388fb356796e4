package org.segadapt.loss;

import ai.djl.ndarray.NDArray;
import org.segadapt.nd.Scalars;

/**
 * Unsupervised focal loss, TUFL eq. (3)–(5):
 * <pre>
 *   L_focal(p̂_t, p_{t*}) = L_shan(p̂_t) + L_KL'(p̂_t, p_{t*})
 *   L_KL' = (1/|I_t|) Σ_{n∈I_t} Σ_c p̂_t^{n,c} · ( log p̂_t^{n,c} − (1 − p_{t*}^{n,c})^γ log p_{t*}^{n,c} )   (eq. 4)
 * </pre>
 * p̂_t keeps its gradient in L_shan (eq. 3) and is detached in L_KL', where it is the soft
 * pseudo-label (Sec. III-B). In the binary case with p̂ = (0.6, 0.4) and p learnable in both terms
 * the minimum lies at p = 0.67 for γ = 1 and ≈ 0.60 for γ = 2 (Fig. 1).
 */
public final class UnsupervisedFocalLoss implements UnsupervisedLoss {
    public static final double DEFAULT_FOCAL_GAMMA = 2.0;

    private final double focalGamma;

    public UnsupervisedFocalLoss() {
        this(DEFAULT_FOCAL_GAMMA);
    }

    public UnsupervisedFocalLoss(double focalGamma) {
        if (!(focalGamma >= 0) || Double.isInfinite(focalGamma)) {
            throw new IllegalArgumentException("focalGamma must be a finite number >= 0, got " + focalGamma);
        }
        this.focalGamma = focalGamma;
    }

    public double focalGamma() {
        return focalGamma;
    }

    @Override
    public NDArray compute(NDArray weakProb, NDArray strongProb, NDArray mask) {
        Pixels.checkProb(weakProb, "weakProb");
        return compute(weakProb, weakProb.stopGradient(), strongProb, mask);
    }

    /** Eq. (5) per pixel: Σ_c w_c [−p log p + p̂ (log p̂ − (1 − p*)^γ log p*)], p̂ = sg(p). */
    @Override
    public NDArray perPixel(NDArray weakProb, NDArray strongProb, NDArray classWeights) {
        Pixels.checkSameShape(weakProb, strongProb, "strongProb");
        NDArray pseudo = weakProb.stopGradient();
        NDArray focalWeight = Scalars.pow(Scalars.clip(Scalars.rsub(1, strongProb), 0, 1), (float) focalGamma);
        NDArray kl = pseudo.mul(Pixels.log(pseudo).sub(focalWeight.mul(Pixels.log(strongProb))));
        return Pixels.sumOverClasses(kl.sub(weakProb.mul(Pixels.log(weakProb))), classWeights);
    }

    /**
     * Eq. (5) with an explicit soft pseudo-label in eq. (4) (Fig. 1 uses a constant p̂ while the learnable
     * p enters both terms).
     */
    public NDArray compute(NDArray weakProb, NDArray pseudoLabel, NDArray strongProb, NDArray mask) {
        Pixels.checkProb(weakProb, "weakProb");
        NDArray shannon = Pixels.maskedMean(ShannonEntropy.entropyMap(weakProb), mask);
        return shannon.add(adjustedKlDivergence(pseudoLabel, strongProb, mask));
    }

    /** L_KL'(p̂, p*) of eq. (4); {@code pseudoLabel} is used as given (detach it before calling). */
    public NDArray adjustedKlDivergence(NDArray pseudoLabel, NDArray strongProb, NDArray mask) {
        Pixels.checkProb(pseudoLabel, "pseudoLabel");
        Pixels.checkProb(strongProb, "strongProb");
        Pixels.checkSameShape(pseudoLabel, strongProb, "strongProb");
        NDArray focalWeight = Scalars.pow(Scalars.clip(Scalars.rsub(1, strongProb), 0, 1), (float) focalGamma);
        NDArray inner = Pixels.log(pseudoLabel).sub(focalWeight.mul(Pixels.log(strongProb)));
        return Pixels.maskedMean(Pixels.sumOverClasses(pseudoLabel.mul(inner)), mask);
    }
}
