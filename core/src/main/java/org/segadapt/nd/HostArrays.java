package org.segadapt.nd;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The one way segadapt turns Java data into a tensor: a copy whose buffer libtorch owns.
 *
 * <p>Why: on the CPU, DJL's {@code NDManager.create(float[] …)} wraps a JVM direct buffer in a tensor
 * ({@code torch::from_blob}); the buffer lives only as long as that Java array object is open. Libtorch does not
 * know it: every view of the tensor (reshape, broadcast, a slice) and every tensor autograd saved for backward
 * keeps pointing into the buffer after the array is closed, and once the garbage collector frees it those reads
 * return whatever malloc put there next (NaN losses, NaN gradients, SIGSEGV in backward, reproduced by
 * {@code bench --stress}). A libtorch-owned copy is reference-counted by libtorch itself, so closing the Java
 * handle early (Layers.release, a sub-manager) is always safe. The copy costs one memcpy of data the host has just
 * written; {@code HostArraysTest} checks that no other code in segadapt calls {@code NDManager.create} with Java data.
 */
public final class HostArrays {
    private HostArrays() {}

    /** float32 {@code data} of {@code shape}, on {@code manager}'s device, owned by libtorch. */
    public static NDArray floats(NDManager manager, float[] data, Shape shape) {
        return owned(manager.create(data, shape), manager.getDevice());
    }

    /** As {@link #floats(NDManager, float[], Shape)}, on {@code like}'s manager and device. */
    public static NDArray floats(NDArray like, float[] data, Shape shape) {
        return owned(like.getManager().create(data, shape), like.getDevice());
    }

    public static NDArray ints(NDManager manager, int[] data, Shape shape) {
        return owned(manager.create(data, shape), manager.getDevice());
    }

    public static NDArray ints(NDArray like, int[] data, Shape shape) {
        return owned(like.getManager().create(data, shape), like.getDevice());
    }

    public static NDArray longs(NDArray like, long[] data, Shape shape) {
        return owned(like.getManager().create(data, shape), like.getDevice());
    }

    /** A 1-D float32 array. */
    public static NDArray floats(NDManager manager, float[] data) {
        return floats(manager, data, new Shape(data.length));
    }

    /** A 1-D float32 array on {@code like}'s manager and device. */
    public static NDArray floats(NDArray like, float[] data) {
        return floats(like, data, new Shape(data.length));
    }

    /**
     * Makes {@code array} (possibly sharing a JVM buffer) libtorch-owned on {@code device}: a copy, and the
     * original closed so its buffer is released now. For arrays DJL decoded from a stream ({@code NDList.decode}).
     */
    public static NDArray owned(NDArray array, Device device) {
        // toDevice(same device, copy=true) returns an alias in DJL 0.35.1 (torch's to() without copy); clone() copies
        NDArray copy = array.getDevice().equals(device) ? array.duplicate() : array.toDevice(device, false);
        copy.setName(array.getName());
        array.close();
        return copy;
    }

    /** Returns {@code result} after closing {@code spent} (safe for any libtorch-owned array, see above). */
    static NDArray release(NDArray spent, NDArray result) {
        if (spent != result) {
            spent.close();
        }
        return result;
    }
}
