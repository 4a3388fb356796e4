package org.segadapt.loss;

import ai.djl.ndarray.NDArray;
import org.segadapt.nd.Scalars;

/**
 * Maximum squares loss (Chen, Xue, Cai, ICCV 2019, eq. 4), normalised as its authors' code does
 * ({@code ZJULearning/MaxSquareLoss} {@code utils/loss.py}, {@code MaxSquareloss}: the mean over every class of every
 * pixel): L_ms(p) = −(1/(2·C·|I_t|)) Σ_{n∈I_t} Σ_c (p^{n,c})². TUFL's own copy minimises +p², a sign slip not
 * followed here. With {@code imageWise}, the authors' image-wise class-balanced form ({@code IW_MaxSquareloss},
 * which TUFL says max-square relies on): each pixel weighted by 1/max(N_c^r·N^(1−r), 1), N_c the pixels of its
 * image predicted as its class c, N the image's pixels, r = {@value #RATIO}, and L = −Σ_{n∈I_t} w_n Σ_c (p^{n,c})² /
 * (B·C) over a batch of B images (their code has no ½ there).
 */
public final class MaxSquare implements UnsupervisedLoss {
    /** The image-wise weighting's exponent r (ZJU's {@code ratio}). */
    public static final float RATIO = 0.2f;

    private final boolean imageWise;

    public MaxSquare() {
        this(false);
    }

    public MaxSquare(boolean imageWise) {
        this.imageWise = imageWise;
    }

    @Override
    public NDArray compute(NDArray weakProb, NDArray strongProb, NDArray mask) {
        Pixels.checkProb(weakProb, "weakProb");
        int batch = (int) weakProb.getShape().get(0), classes = (int) weakProb.getShape().get(1);
        NDArray sumSquares = Pixels.sumOverClasses(weakProb.square());
        if (!imageWise) {
            return Scalars.mul(Pixels.maskedMean(sumSquares, mask), -0.5f / classes);
        }
        Pixels.checkSameShape(sumSquares, mask, "mask");
        NDArray kept = mask.stopGradient().toType(weakProb.getDataType(), false);
        return Scalars.mul(sumSquares.mul(imageWiseWeights(weakProb)).mul(kept).sum(), -1f / (batch * classes));
    }

    /** −Σ_c w_c p² / (2C): ZJU's mean over classes, per pixel (the image-wise weighting is not a per-pixel form). */
    @Override
    public NDArray perPixel(NDArray weakProb, NDArray strongProb, NDArray classWeights) {
        if (imageWise) {
            throw new IllegalArgumentException("max-square's image-wise weighting has no per-pixel form for class weights or OHEM");
        }
        return Scalars.mul(Pixels.sumOverClasses(weakProb.square(), classWeights), -0.5f / weakProb.getShape().get(1));
    }

    @Override
    public boolean needsStrongView() {
        return false;
    }

    /** w_n = 1/max(N_c^r · N^(1−r), 1) for the class c predicted at n, per image; (N,C,H,W) → (N,H,W), detached. */
    static NDArray imageWiseWeights(NDArray prob) {
        int classes = (int) prob.getShape().get(1);
        NDArray predicted = prob.stopGradient().argMax(1).oneHot(classes).toType(prob.getDataType(), false); // (N,H,W,C)
        NDArray counts = predicted.sum(new int[] {1, 2}, true); // (N,1,1,C)
        NDArray pixels = counts.sum(new int[] {3}, true);
        NDArray scale = Scalars.maximum(Scalars.pow(counts, RATIO).mul(Scalars.pow(pixels, 1 - RATIO)), 1f);
        return predicted.div(scale).sum(new int[] {3});
    }
}
