package org.segadapt.loss.mask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.segadapt.nd.HostArrays;

/**
 * The per-pixel maximum p_m = max_c p and predicted class argmax_c p of a probability map (N,C,H,W), read
 * to the host once. On the CPU this is one pass over the map in Java: libtorch's {@code argmax} over the
 * class axis of an NCHW tensor is a strided reduction (~50 ms for 2×19×256×512, PyTorch's {@code max(1)}
 * with indices ~7 ms, not exposed by DJL), and the host needs both anyway for the threshold update.
 * Ties resolve to the lowest class, as {@code argmax} does.
 *
 * @param confidence p_m per pixel, (N,H,W) row-major
 * @param classes argmax per pixel, (N,H,W) row-major
 * @param shape (N,H,W)
 */
public record Argmax(float[] confidence, int[] classes, Shape shape) {

    /** Reads p_m and argmax of {@code prob} (N,C,H,W); gradients are not tracked. */
    public static Argmax of(NDArray prob) {
        Shape s = prob.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("prob must be (N,C,H,W), got " + s);
        }
        int n = (int) s.get(0);
        int c = (int) s.get(1);
        int hw = (int) (s.get(2) * s.get(3));
        Shape out = new Shape(n, s.get(2), s.get(3));
        NDArray p = prob.stopGradient();
        if (!"cpu".equals(prob.getDevice().getDeviceType())) { // accelerators reduce faster than they copy
            return new Argmax(p.max(new int[] {1}).toType(DataType.FLOAT32, false).toFloatArray(),
                    p.argMax(1).toType(DataType.INT32, false).toIntArray(), out);
        }
        float[] all = p.toType(DataType.FLOAT32, false).toFloatArray();
        float[] best = new float[n * hw];
        int[] arg = new int[n * hw];
        for (int b = 0; b < n; b++) {
            int image = b * c * hw;
            int pixel = b * hw;
            System.arraycopy(all, image, best, pixel, hw);
            for (int k = 1; k < c; k++) {
                int plane = image + k * hw;
                for (int i = 0; i < hw; i++) {
                    float v = all[plane + i];
                    if (v > best[pixel + i]) {
                        best[pixel + i] = v;
                        arg[pixel + i] = k;
                    }
                }
            }
        }
        return new Argmax(best, arg, out);
    }

    /** The predicted classes as an (N,H,W) int32 array on {@code like}'s device, attached to {@code manager}. */
    public NDArray classes(NDManager manager, NDArray like) {
        return HostArrays.owned(manager.create(classes, shape), like.getDevice());
    }

    /** 1 where p_m > table[argmax] (per-class thresholds), else 0: (N,H,W) float32 on {@code like}'s device. */
    public NDArray above(float[] table, NDManager manager, NDArray like) {
        float[] keep = new float[classes.length];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = confidence[i] > table[classes[i]] ? 1f : 0f;
        }
        return HostArrays.owned(manager.create(keep, shape), like.getDevice());
    }
}
