package org.segadapt.loss;

import ai.djl.ndarray.NDArray;
import org.segadapt.nd.Scalars;

/** Shared per-pixel pieces of the losses: the mean over I_t and a clamped logarithm. */
final class Pixels {
    /** Clamp inside logs so that p = 0 gives a finite value (p·log p → 0). */
    static final double LOG_EPS = 1e-8;

    private Pixels() {}

    /** log(max(p, ε)), elementwise. */
    static NDArray log(NDArray p) {
        return Scalars.clip(p, (float) LOG_EPS, Float.MAX_VALUE).log();
    }

    /** (1/|I_t|) Σ_{n∈I_t} v_n: sum over masked pixels divided by max(1, count). */
    static NDArray maskedMean(NDArray perPixel, NDArray mask) {
        checkSameShape(perPixel, mask, "mask");
        NDArray m = mask.stopGradient().toType(perPixel.getDataType(), false);
        return perPixel.mul(m).sum().div(Scalars.maximum(m.sum(), 1));
    }

    /** Σ_c w_c x_c of an (N,C,H,W) tensor: (N,H,W); null weights = 1. */
    static NDArray sumOverClasses(NDArray x, NDArray classWeights) {
        return sumOverClasses(classWeights == null ? x : x.mul(classWeights));
    }

    /** Σ_c of an (N,C,H,W) tensor: (N,H,W). */
    static NDArray sumOverClasses(NDArray x) {
        return x.sum(new int[] {1});
    }

    static void checkProb(NDArray p, String what) {
        if (p == null) {
            throw new IllegalArgumentException(what + " is required but was null");
        }
        if (p.getShape().dimension() != 4) {
            throw new IllegalArgumentException(what + " must be (N,C,H,W), got " + p.getShape());
        }
    }

    static void checkSameShape(NDArray a, NDArray b, String what) {
        if (!a.getShape().equals(b.getShape())) {
            throw new IllegalArgumentException(what + " shape " + b.getShape() + " does not match " + a.getShape());
        }
    }
}
