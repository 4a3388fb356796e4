package org.segadapt.loss;

import ai.djl.ndarray.NDArray;

/**
 * Neutral cross-entropy loss (H. Xu, M. Yang, L. Deng, Y. Qian, C. Wang, "Neutral Cross-Entropy Loss
 * Based Unsupervised Domain Adaptation for Semantic Segmentation", IEEE TIP 30, 2021): the entropy
 * of the weak view plus the cross-entropy from the weak view (soft pseudo-label) to the strong view,
 * <pre>
 *   L_nce = L_shan(p̂_t) − (1/|I_t|) Σ_{n∈I_t} Σ_c p̂_t^{n,c} log p_{t*}^{n,c},   p̂_t detached in the second term.
 * </pre>
 * Since −Σ p̂ log p* = H(p̂) + KL(p̂‖p*), the second term is the pixel-level consistency
 * regularisation whose flattening pull neutralises the sharpening of the first term.
 * <p>
 * The paper's own text was not available to us; this form is the one TUFL's Fig. 1 analysis pins
 * down: in the binary case with p̂ = (0.6, 0.4) fixed and p learnable in both terms,
 * L(p) = H(p) − 0.6 log p − 0.4 log(1−p) has its minimum at p = 0.824 — TUFL's "0.82" (Sec. III-B).
 * The plain consistency term alone would have its minimum at 0.6, and H(p) alone at 0/1.
 * TUFL (Sec. III-B) notes that NCE is used with a fixed confidence threshold (0.8) on I_t.
 */
public final class NeutralCrossEntropy implements UnsupervisedLoss {

    @Override
    public NDArray compute(NDArray weakProb, NDArray strongProb, NDArray mask) {
        Pixels.checkProb(weakProb, "weakProb");
        return compute(weakProb, weakProb.stopGradient(), strongProb, mask);
    }

    /** Σ_c w_c (−p log p − p̂ log p*) with p̂ = sg(p): the reference's entropy + KL, up to the constant H(p̂). */
    @Override
    public NDArray perPixel(NDArray weakProb, NDArray strongProb, NDArray classWeights) {
        Pixels.checkSameShape(weakProb, strongProb, "strongProb");
        NDArray terms = weakProb.mul(Pixels.log(weakProb)).add(weakProb.stopGradient().mul(Pixels.log(strongProb)));
        return Pixels.sumOverClasses(terms, classWeights).neg();
    }

    /**
     * The general form with an explicit soft pseudo-label (used by the gradient analysis of Fig. 1,
     * where the pseudo-label p̂ is a constant while the learnable p enters both terms).
     */
    public NDArray compute(NDArray weakProb, NDArray pseudoLabel, NDArray strongProb, NDArray mask) {
        Pixels.checkProb(weakProb, "weakProb");
        Pixels.checkProb(strongProb, "strongProb");
        Pixels.checkSameShape(weakProb, strongProb, "strongProb");
        Pixels.checkSameShape(weakProb, pseudoLabel, "pseudoLabel");
        NDArray entropy = ShannonEntropy.entropyMap(weakProb);
        NDArray crossEntropy = Pixels.sumOverClasses(pseudoLabel.mul(Pixels.log(strongProb))).neg();
        return Pixels.maskedMean(entropy, mask).add(Pixels.maskedMean(crossEntropy, mask));
    }
}
