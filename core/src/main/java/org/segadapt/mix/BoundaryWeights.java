package org.segadapt.mix;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import org.segadapt.nd.Scalars;

/**
 * Boundary weights W_m of TUFL eq. (11): pixels near the boundary of the mixing mask I_m — whose receptive
 * field holds both real and pasted content — weigh {@code boundaryWeight} (paper: 2), others 1.
 * <p>
 * Definition used here ("the 7×7 field of the boundary point", k = {@code boundaryKernel}, r = (k−1)/2):
 * a pixel p is in the band b(I_m) iff its own k×k window (clipped to the frame) contains both values
 * of I_m, i.e. iff some pixel of the other side lies within Chebyshev distance r of p. In terms of boundary
 * pixels (pixels with an 8-neighbour of the other value) the band is those pixels dilated by r − 1, so a
 * straight vertical edge gives exactly r columns on each side (3 + 3 for k = 7): the band is symmetric about
 * the edge. Computed as maxpool_k(I_m) · maxpool_k(1 − I_m) (stride 1, padding r; PyTorch pads max-pooling
 * with −∞, so the frame border does not count as either side).
 */
public final class BoundaryWeights {
    public static final float DEFAULT_BOUNDARY_WEIGHT = 2f;
    public static final int DEFAULT_BOUNDARY_KERNEL = 7;

    private BoundaryWeights() {}

    /** b(I_m) as (N,H,W) float32 0/1 for a mask (N,H,W) of 0/1 and an odd kernel k ≥ 1. */
    public static NDArray band(NDArray mask, int boundaryKernel) {
        if (boundaryKernel < 1 || boundaryKernel % 2 == 0) {
            throw new IllegalArgumentException("boundaryKernel must be odd and >= 1, got " + boundaryKernel);
        }
        if (mask.getShape().dimension() != 3) {
            throw new IllegalArgumentException("mixing mask must be (N,H,W), got " + mask.getShape());
        }
        int r = (boundaryKernel - 1) / 2;
        NDArray m = mask.stopGradient().toType(DataType.FLOAT32, false).gt(0.5f).toType(DataType.FLOAT32, false).expandDims(1);
        Shape k = new Shape(boundaryKernel, boundaryKernel), one = new Shape(1, 1), pad = new Shape(r, r);
        NDArray hasOne = Pool.maxPool2d(m, k, one, pad, false);
        NDArray hasZero = Pool.maxPool2d(Scalars.rsub(1, m), k, one, pad, false);
        return hasOne.mul(hasZero).squeeze(1);
    }

    /** W_m (N,H,W) float32: {@code boundaryWeight} on the band, 1 elsewhere (eq. 11). */
    public static NDArray compute(NDArray mask, float boundaryWeight, int boundaryKernel) {
        if (!(boundaryWeight > 0) || Float.isInfinite(boundaryWeight)) {
            throw new IllegalArgumentException("boundaryWeight must be a positive number, got " + boundaryWeight);
        }
        return Scalars.add(Scalars.mul(band(mask, boundaryKernel), boundaryWeight - 1f), 1f);
    }

    /** W_m with the paper's W = 2 and 7×7 field. */
    public static NDArray compute(NDArray mask) {
        return compute(mask, DEFAULT_BOUNDARY_WEIGHT, DEFAULT_BOUNDARY_KERNEL);
    }
}
