package org.segadapt.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resizing equal to PyTorch's {@code F.interpolate(x, size, mode="bilinear"|"nearest", align_corners)}
 * (no antialiasing), written as two matrix products {@code y = Ry · x · Rxᵀ} over the last two axes.
 * Differentiable in {@code x}; the weight matrices are constants cached per (in, out, mode, device).
 *
 * <p>DJL's own {@code interpolation} ignores {@code alignCorners} and antialiases, hence this class.
 */
public final class Bilinear {
    private static final Map<String, NDArray> CACHE = new ConcurrentHashMap<>();
    private static final Map<Device, NDManager> MANAGERS = new ConcurrentHashMap<>();

    /** libtorch's interpolation mode id for bilinear in DJL's JNI bridge. */
    private static final int NATIVE_BILINEAR = 1;

    private Bilinear() {}

    /** Bilinear resize of the last two axes of {@code x} (rank ≥ 2, float) to (outH, outW). */
    public static NDArray resize(NDArray x, int outH, int outW, boolean alignCorners) {
        return apply(x, outH, outW, alignCorners ? Mode.ALIGNED : Mode.HALF_PIXEL);
    }

    /** Resize to the spatial size of {@code like} (its last two axes). */
    public static NDArray resizeLike(NDArray x, NDArray like, boolean alignCorners) {
        Shape s = like.getShape();
        return resize(x, (int) s.get(s.dimension() - 2), (int) s.get(s.dimension() - 1), alignCorners);
    }

    /**
     * PyTorch {@code mode="nearest"}: source index {@code floor(dst · in/out)}. Works for label maps of any
     * numeric type (computed in float32, exact for integers below 2^24, returned in the input's type).
     */
    public static NDArray nearest(NDArray x, int outH, int outW) {
        DataType t = x.getDataType();
        NDArray f = t == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
        NDArray y = apply(f, outH, outW, Mode.NEAREST);
        return t == DataType.FLOAT32 ? y : y.toType(t, false);
    }

    private enum Mode { ALIGNED, HALF_PIXEL, NEAREST }

    private static NDArray apply(NDArray x, int outH, int outW, Mode mode) {
        Shape s = x.getShape();
        int r = s.dimension();
        if (r < 2) {
            throw new IllegalArgumentException("resize needs at least 2 axes, got shape " + s);
        }
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("resize target must be positive, got " + outH + "x" + outW);
        }
        int inH = (int) s.get(r - 2);
        int inW = (int) s.get(r - 1);
        if (mode == Mode.HALF_PIXEL && r == 4 && outH >= inH && outW >= inW && x.getDataType() == DataType.FLOAT32
                && !x.hasGradient()) {
            // Upsampling without autograd (inference, teachers): libtorch's kernel (2 taps per axis) instead of dense
            // matrices. The native call is antialiased, which changes nothing when the scale is ≥ 1: the triangle
            // filter then has bilinear's width, and its renormalisation at the borders equals bilinear's edge
            // clamping. Its backward (the antialiased one) is slower than the matrices', so training keeps those.
            return x.getNDArrayInternal().interpolation(new long[] {outH, outW}, NATIVE_BILINEAR, false);
        }
        NDArray y = x;
        // The step's array is always the left operand so that results stay on its manager, not the cache's.
        if (inW != outW) {
            y = y.matMul(transposedWeights(inW, outW, mode, x.getDevice()));
        }
        if (inH != outH) {
            y = y.swapAxes(r - 2, r - 1).matMul(transposedWeights(inH, outH, mode, x.getDevice())).swapAxes(r - 2, r - 1);
        }
        return y;
    }

    /** (in × out) = Rᵀ, cached. */
    private static NDArray transposedWeights(int in, int out, Mode mode, Device device) {
        String key = in + ":" + out + ":" + mode + ":" + device;
        return CACHE.computeIfAbsent(key, k -> {
            NDManager m = MANAGERS.computeIfAbsent(device, d -> NDManager.newBaseManager(d));
            float[] w = weights(in, out, mode);
            float[] t = new float[in * out];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    t[i * out + o] = w[o * in + i];
                }
            }
            return m.create(t, new Shape(in, out));
        });
    }

    /** The (out × in) row-major interpolation matrix R of PyTorch's bilinear 1-D resampling. */
    public static float[] weights(int in, int out, boolean alignCorners) {
        return weights(in, out, alignCorners ? Mode.ALIGNED : Mode.HALF_PIXEL);
    }

    private static float[] weights(int in, int out, Mode mode) {
        float[] w = new float[out * in];
        // PyTorch computes the scale in float (area_pixel_compute_scale) for size-given resizes.
        for (int o = 0; o < out; o++) {
            if (mode == Mode.NEAREST) {
                int i = Math.min((int) Math.floor(o * ((float) in / out)), in - 1);
                w[o * in + i] = 1f;
                continue;
            }
            float src;
            if (mode == Mode.ALIGNED) {
                src = out > 1 ? o * ((float) (in - 1) / (out - 1)) : 0f;
            } else {
                src = Math.max(((float) in / out) * (o + 0.5f) - 0.5f, 0f);
            }
            int i0 = Math.min((int) Math.floor(src), in - 1);
            int i1 = Math.min(i0 + 1, in - 1);
            float l1 = src - i0;
            w[o * in + i0] += 1f - l1;
            w[o * in + i1] += l1;
        }
        return w;
    }
}
