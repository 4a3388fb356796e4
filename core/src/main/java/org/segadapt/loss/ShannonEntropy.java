package org.segadapt.loss;

import ai.djl.ndarray.NDArray;

/**
 * Shannon entropy loss (ADVENT, Vu et al. CVPR 2019), TUFL eq. (2)/(3):
 * L_shan(p) = −(1/|I_t|) Σ_{n∈I_t} Σ_c p^{n,c} log p^{n,c}.
 * Only the weak view is read.
 */
public final class ShannonEntropy implements UnsupervisedLoss {

    @Override
    public NDArray compute(NDArray weakProb, NDArray strongProb, NDArray mask) {
        Pixels.checkProb(weakProb, "weakProb");
        return Pixels.maskedMean(entropyMap(weakProb), mask);
    }

    @Override
    public NDArray perPixel(NDArray weakProb, NDArray strongProb, NDArray classWeights) {
        return Pixels.sumOverClasses(weakProb.mul(Pixels.log(weakProb)), classWeights).neg();
    }

    @Override
    public boolean needsStrongView() {
        return false;
    }

    /** E(p)^n = −Σ_c p^{n,c} log p^{n,c}, (N,C,H,W) → (N,H,W). */
    public static NDArray entropyMap(NDArray prob) {
        return Pixels.sumOverClasses(prob.mul(Pixels.log(prob))).neg();
    }
}
