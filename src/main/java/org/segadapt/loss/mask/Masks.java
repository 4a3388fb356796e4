package org.segadapt.loss.mask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

final class Masks {
    private Masks() {}

    static void checkProb(NDArray prob) {
        if (prob == null || prob.getShape().dimension() != 4) {
            throw new IllegalArgumentException("prob must be (N,C,H,W), got " + (prob == null ? "null" : prob.getShape()));
        }
    }

    /** Per-pixel value table[argmax_c p] as (N,H,W) float32, through a one-hot product (no index ops). */
    static NDArray perPredictedClass(NDArray argmax, float[] table, int numClasses) {
        NDArray values = argmax.getManager().create(table).toDevice(argmax.getDevice(), false);
        return argmax.oneHot(numClasses, DataType.FLOAT32).mul(values).sum(new int[] {3});
    }
}
