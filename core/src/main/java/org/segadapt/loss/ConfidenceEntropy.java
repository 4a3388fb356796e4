package org.segadapt.loss;

import ai.djl.ndarray.NDArray;
import org.segadapt.nd.Scalars;

/**
 * Confidence-aware entropy (TUFL ref. [19], Zhang et al., T-ITS 2022) as the official TUFL code computes it
 * ({@code ywher/TUFL} {@code utils/loss.py}, {@code ConfidenceEntropy}, "author version"): the entropy of p against
 * the sharpened DEC target distribution Q, which pays most attention to confident pixels of classes that are rare in
 * the batch:
 * <pre>
 *   Q̃^{n,c} = (p^{n,c})² / Σ_{n'} p^{n',c}        (n' over every pixel of the batch)
 *   Q^{n,c}  = Q̃^{n,c} / Σ_{c'} Q̃^{n,c'}
 *   L_conf  = (1/|I_t|) Σ_{n∈I_t} −Σ_c Q^{n,c} log₂ p^{n,c} / log₂ C
 * </pre>
 * Q is not detached (as in the reference), so it adds a gradient of its own.
 */
public final class ConfidenceEntropy implements UnsupervisedLoss {

    @Override
    public NDArray compute(NDArray weakProb, NDArray strongProb, NDArray mask) {
        Pixels.checkProb(weakProb, "weakProb");
        return Pixels.maskedMean(confidenceEntropyMap(weakProb), mask);
    }

    @Override
    public NDArray perPixel(NDArray weakProb, NDArray strongProb, NDArray classWeights) {
        int classes = (int) weakProb.getShape().get(1);
        return Scalars.div(Pixels.sumOverClasses(confidenceTarget(weakProb).mul(Pixels.log(weakProb)), classWeights),
                (float) -Math.log(classes));
    }

    @Override
    public boolean needsStrongView() {
        return false;
    }

    /** DEC's target Q = p² / Σ_batch p, renormalised over c. */
    private static NDArray confidenceTarget(NDArray prob) {
        NDArray classMass = prob.sum(new int[] {0, 2, 3}, true); // (1,C,1,1): Σ_n p^{n,c}
        NDArray sharpened = prob.square().div(classMass);
        return sharpened.div(sharpened.sum(new int[] {1}, true));
    }

    /** −Σ_c Q log p / log C per pixel, (N,C,H,W) → (N,H,W). */
    public static NDArray confidenceEntropyMap(NDArray prob) {
        int classes = (int) prob.getShape().get(1);
        NDArray q = confidenceTarget(prob);
        return Scalars.div(Pixels.sumOverClasses(q.mul(Pixels.log(prob))), (float) -Math.log(classes));
    }
}
