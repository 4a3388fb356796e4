package org.segadapt.loss.mask;

import ai.djl.ndarray.NDArray;

/** Chooses the pixel set I_t of TUFL eq. (2) from a prediction; carries no gradient. */
public interface ConfidenceMask {
    /** @param prob (N,C,H,W) probabilities @return (N,H,W) float32 of 0/1 */
    NDArray mask(NDArray prob);
}
