package org.segadapt.loss;

import ai.djl.ndarray.NDArray;

/**
 * L_u of TUFL eq. (1): an unsupervised loss on target predictions, averaged over the pixel mask I_t.
 */
public interface UnsupervisedLoss {
    /**
     * @param weakProb   p̂_t (N,C,H,W): the weak view's probabilities, already aligned to the strong view's
     *                   geometry by the caller and still carrying their gradient
     * @param strongProb p_{t*} (N,C,H,W): the strong view's probabilities; may be null for losses that
     *                   need one view only
     * @param mask       I_t (N,H,W) float 0/1
     * @return the scalar loss
     */
    NDArray compute(NDArray weakProb, NDArray strongProb, NDArray mask);

    /**
     * ℓ_n, the loss of each pixel before the mean over I_t (N,H,W), with per-class weights w_c (1,C,1,1) inside Σ_c,
     * or null for none: what {@link ReferenceReduction} weighs and selects from.
     */
    NDArray perPixel(NDArray weakProb, NDArray strongProb, NDArray classWeights);

    /** Whether {@link #compute} reads the strong view (so the caller must run the second forward pass). */
    default boolean needsStrongView() {
        return true;
    }
}
