package org.segadapt.loss;

import ai.djl.ndarray.NDArray;

/**
 * Confidence-aware entropy after X. Zhang, Y. Chen, Z. Shen, Y. Shen, H. Zhang, Y. Zhang,
 * "Confidence-and-Refinement Adaptation Model for Cross-Domain Semantic Segmentation", IEEE T-ITS
 * 2022 (doi 10.1109/TITS.2022.3140481), TUFL ref. [19].
 * <p>
 * <b>Our reading, not the paper's verbatim formula</b>: the paper's equation could not be retrieved.
 * Its abstract says the confidence-aware entropy makes the segmentation model "pay attention to the
 * high-confidence predictions" (TUFL: "forcing the network to focus on the high-confidence
 * predictions"). We therefore weight each pixel's Shannon entropy by its confidence p_m = max_c p^{n,c},
 * detached so the weight only re-balances pixels and does not add a gradient of its own:
 * <pre>
 *   L_conf(p) = −(1/|I_t|) Σ_{n∈I_t} sg(p_m^n) Σ_c p^{n,c} log p^{n,c}
 * </pre>
 * In CRAM the map is also aligned adversarially in the output space; that part is the recipe's job.
 */
public final class ConfidenceEntropy implements UnsupervisedLoss {

    @Override
    public NDArray compute(NDArray weakProb, NDArray strongProb, NDArray mask) {
        Pixels.checkProb(weakProb, "weakProb");
        return Pixels.maskedMean(confidenceEntropyMap(weakProb), mask);
    }

    @Override
    public boolean needsStrongView() {
        return false;
    }

    /** sg(max_c p) · E(p), (N,C,H,W) → (N,H,W). */
    public static NDArray confidenceEntropyMap(NDArray prob) {
        NDArray confidence = prob.stopGradient().max(new int[] {1});
        return confidence.mul(ShannonEntropy.entropyMap(prob));
    }
}
