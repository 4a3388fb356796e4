package org.segadapt.nd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;
import java.util.function.BinaryOperator;

/**
 * Arithmetic between an array and a Java number, with the number as a libtorch-owned 0-d tensor of the array's type.
 * DJL's own {@code x.mul(2f)} wraps the number in a tensor over a JVM buffer and closes it right after the op, but
 * autograd keeps that tensor for backward (mul, div, pow, maximum, clip): once the collector frees the buffer, backward
 * reads garbage (the intermittent NaN of issue 11). Closing our scalar after the op is safe: libtorch counts its
 * own references. {@code NativeOwnershipTest} rejects every DJL number overload in production code.
 */
public final class Scalars {
    private Scalars() {}

    /** {@code v} as a 0-d tensor of {@code like}'s type on its manager and device, owned by libtorch. */
    public static NDArray of(NDArray like, float v) {
        NDArray s = HostArrays.floats(like, new float[] {v}, new Shape());
        return s.getDataType() == like.getDataType() ? s : HostArrays.release(s, s.toType(like.getDataType(), false));
    }

    /** x · v */
    public static NDArray mul(NDArray x, float v) {
        return apply(x, v, NDArray::mul);
    }

    /** x / v */
    public static NDArray div(NDArray x, float v) {
        return apply(x, v, NDArray::div);
    }

    /** x + v */
    public static NDArray add(NDArray x, float v) {
        return apply(x, v, NDArray::add);
    }

    /** v − x */
    public static NDArray rsub(float v, NDArray x) {
        return apply(x, v, (a, s) -> s.sub(a));
    }

    /** x^v */
    public static NDArray pow(NDArray x, float v) {
        return apply(x, v, NDArray::pow);
    }

    /** max(x, v) element-wise */
    public static NDArray maximum(NDArray x, float v) {
        return apply(x, v, NDArray::maximum);
    }

    /**
     * x clamped to [lo, hi], with torch.clamp's forward and backward (gradient 1 inside the closed interval, NaN kept).
     * Not DJL's {@code clip}: it makes both bounds JVM-buffer tensors, and clamp saves them for backward.
     */
    public static NDArray clip(NDArray x, float lo, float hi) {
        try (NDArray a = of(x, lo); NDArray b = of(x, hi); NDArray below = x.lt(a); NDArray above = x.gt(b);
                NDArray lower = a.broadcast(x.getShape()); NDArray higher = b.broadcast(x.getShape());
                NDArray upper = NDArrays.where(above, higher, x)) {
            return NDArrays.where(below, lower, upper); // DJL's where wants equal shapes: the bounds as expanded views
        }
    }

    /** x ← x · v, in place */
    public static NDArray muli(NDArray x, float v) {
        return apply(x, v, NDArray::muli);
    }

    /** x ← x / v, in place */
    public static NDArray divi(NDArray x, float v) {
        return apply(x, v, NDArray::divi);
    }

    /** x ← x + v, in place */
    public static NDArray addi(NDArray x, float v) {
        return apply(x, v, NDArray::addi);
    }

    /** op(x, v as a tensor), the tensor's Java handle closed after the op (libtorch keeps what autograd saved). */
    private static NDArray apply(NDArray x, float v, BinaryOperator<NDArray> op) {
        try (NDArray s = of(x, v)) {
            return op.apply(x, s);
        }
    }
}
