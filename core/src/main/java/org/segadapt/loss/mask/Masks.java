package org.segadapt.loss.mask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.segadapt.nd.HostArrays;

final class Masks {
    private Masks() {}

    static void checkProb(NDArray prob) {
        if (prob == null || prob.getShape().dimension() != 4) {
            throw new IllegalArgumentException("prob must be (N,C,H,W), got " + (prob == null ? "null" : prob.getShape()));
        }
    }

    /** Per-pixel value table[argmax_c p] as (N,H,W) float32: one gather instead of a C-wide one-hot product. */
    static NDArray perPredictedClass(NDArray argmax, float[] table, int numClasses) {
        if (table.length != numClasses) {
            throw new IllegalArgumentException("expected " + numClasses + " per-class values, got " + table.length);
        }
        NDArray values = HostArrays.floats(argmax, table);
        NDArray index = argmax.toType(DataType.INT64, false);
        return values.take(index.flatten()).reshape(argmax.getShape());
    }
}
