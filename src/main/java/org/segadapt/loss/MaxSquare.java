package org.segadapt.loss;

import ai.djl.ndarray.NDArray;
import org.segadapt.nd.Scalars;

/**
 * Maximum squares loss (Chen, Xue, Cai, ICCV 2019, eq. 4):
 * L_ms(p) = −(1/(2|I_t|)) Σ_{n∈I_t} Σ_c (p^{n,c})².
 * This is the plain form: the paper's image-wise class-balanced weighting and its multi-level
 * self-guidance are not included (TUFL compares against this plain form, Sec. IV-E).
 */
public final class MaxSquare implements UnsupervisedLoss {

    @Override
    public NDArray compute(NDArray weakProb, NDArray strongProb, NDArray mask) {
        Pixels.checkProb(weakProb, "weakProb");
        NDArray sumSquares = Pixels.sumOverClasses(weakProb.square());
        return Scalars.mul(Pixels.maskedMean(sumSquares, mask), -0.5f);
    }

    @Override
    public boolean needsStrongView() {
        return false;
    }
}
