package org.segadapt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/** Small tensor helpers shared by the models. */
public final class Tensors {
    private Tensors() {}

    /** Channel concatenation (axis 1). */
    public static NDArray concat(NDArray... xs) {
        return NDArrays.concat(new ai.djl.ndarray.NDList(xs), 1);
    }

    /** Global average pooling keeping dims: (N,C,H,W) -> (N,C,1,1). PyTorch's mean takes one axis here. */
    public static NDArray globalAverage(NDArray x) {
        return x.mean(new int[] {3}, true).mean(new int[] {2}, true);
    }
}
