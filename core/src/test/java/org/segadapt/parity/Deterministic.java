package org.segadapt.parity;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The parity fixtures' weights: a hash of each parameter's PyTorch name, bit for bit the formula of
 * {@code tools/twins.py deterministic()} (FNV-1a of the name, murmur3 fmix32 of name hash + i·golden ratio).
 */
final class Deterministic {
    private static final long M32 = 0xFFFFFFFFL;

    private Deterministic() {}

    static long fnv1a(String name) {
        long h = 0x811C9DC5L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = ((h ^ (b & 0xFF)) * 0x01000193L) & M32;
        }
        return h;
    }

    /** n numbers in [0, 1). Products overflow the long, but only their low 32 bits are kept, as with numpy's uint64. */
    static double[] uniform(String name, int n) {
        long h = fnv1a(name);
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            long x = (h + i * 0x9E3779B9L) & M32;
            x ^= x >>> 16;
            x = (x * 0x85EBCA6BL) & M32;
            x ^= x >>> 13;
            x = (x * 0xC2B2AE35L) & M32;
            x ^= x >>> 16;
            u[i] = x / 4294967296.0;
        }
        return u;
    }

    static float[] values(String name, Shape shape) {
        int n = (int) shape.size();
        double[] u = uniform(name, n);
        float[] v = new float[n];
        long fanIn = shape.dimension() > 1 ? shape.size() / shape.get(0) : 1;
        for (int i = 0; i < n; i++) {
            double s = u[i] * 2.0 - 1.0;
            double x;
            if (name.endsWith("running_var")) {
                x = 1.0 + 0.5 * s;
            } else if (name.endsWith("running_mean")) {
                x = 0.1 * s;
            } else if (name.endsWith("weight") && shape.dimension() == 1) {
                x = 1.0 + 0.2 * s;
            } else if (name.endsWith("bias")) {
                x = 0.1 * s;
            } else {
                x = Math.sqrt(3.0 / fanIn) * s;
            }
            v[i] = (float) x;
        }
        return v;
    }

    /** Sets every parameter (initialised) to its deterministic value. */
    static void fill(Map<String, Parameter> byTorchName) {
        byTorchName.forEach((name, p) -> p.getArray().set(FloatBuffer.wrap(values(name, p.getArray().getShape()))));
    }
}
