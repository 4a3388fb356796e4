package org.segadapt.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Building blocks and the lazy initialisation used by every composite network in segadapt.
 *
 * <p>Children are initialised on first use with the shapes they actually receive ({@link #call}); a
 * composite initialises its children by a dry run of its own forward pass on zeros ({@link #dryRun}),
 * so no hand-written shape propagation is needed and initialisation order = execution order
 * (deterministic under {@code Engine.setRandomSeed}). Only the outermost block does a dry run: a child
 * initialised from {@link #call} leaves its own children to the forward pass that immediately follows.
 */
public final class Layers {
    /** Set while {@link #call} initialises a child: its own children are then initialised by the forward that follows. */
    private static final ThreadLocal<Boolean> LAZY = ThreadLocal.withInitial(() -> false);

    private Layers() {}


    /** Runs {@code child}, initialising it first (on the store's manager) if it is not yet. */
    public static NDArray call(Block child, ParameterStore ps, NDArray x, boolean training) {
        return call(child, ps, new NDList(x), training).singletonOrThrow();
    }

    public static NDList call(Block child, ParameterStore ps, NDList x, boolean training) {
        if (!child.isInitialized()) {
            boolean outer = LAZY.get();
            LAZY.set(true);
            try {
                child.initialize(ps.getManager(), DataType.FLOAT32, x.getShapes());
            } finally {
                LAZY.set(outer);
            }
        }
        return child.forward(ps, x, training);
    }

    /**
     * Returns {@code result} after closing {@code spent}, an intermediate its caller created and reads no more.
     * DJL keeps every array alive until its manager closes, PyTorch frees an activation as soon as nothing refers
     * to it, so that its buffer is reused while still in cache; without this a BiSeNet forward touches ~2× the
     * memory of PyTorch's. Autograd holds its own reference to what backward needs, so this is safe in training:
     * every array in segadapt owns a libtorch buffer ({@link org.segadapt.nd.HostArrays}), none a JVM one.
     */
    public static NDArray release(NDArray spent, NDArray result) {
        if (spent != result) {
            spent.close();
        }
        return result;
    }

    /** {@code block(x)}, releasing {@code x} (an intermediate of the caller, see {@link #release}). */
    public static NDArray callAndRelease(Block block, ParameterStore ps, NDArray x, boolean training) {
        return release(x, call(block, ps, x, training));
    }

    /** Runs {@code blocks} one after the other, releasing each intermediate output (never {@code x} itself). */
    public static NDArray chain(Iterable<? extends Block> blocks, ParameterStore ps, NDArray x, boolean training) {
        NDArray y = x;
        for (Block b : blocks) {
            y = y == x ? call(b, ps, y, training) : callAndRelease(b, ps, y, training);
        }
        return y;
    }

    /** Initialises children of a composite by running {@code forward} (inference mode) on zeros. */
    public static void dryRun(NDManager manager, DataType type, Shape[] shapes, BiConsumer<ParameterStore, NDList> forward) {
        if (LAZY.get()) {
            return; // one dry run at the top initialises the whole tree; nested ones would repeat it
        }
        try (NDManager sub = manager.newSubManager()) {
            NDList zeros = new NDList();
            for (Shape s : shapes) {
                zeros.add(sub.zeros(s, type));
            }
            forward.accept(new ParameterStore(manager, false), zeros);
        }
    }

    /** Output shapes of an initialised block, by running it on zeros. */
    public static Shape[] shapesByDryRun(Block block, Shape[] inputs) {
        Parameter any = block.getParameters().values().get(0);
        if (!any.isInitialized()) {
            throw new IllegalStateException("output shapes of " + block.getClass().getSimpleName() + " need an initialised block");
        }
        try (NDManager m = NDManager.newBaseManager(any.getArray().getDevice())) {
            NDList zeros = new NDList();
            for (Shape s : inputs) {
                zeros.add(m.zeros(s));
            }
            return block.forward(new ParameterStore(m, false), zeros, false).getShapes();
        }
    }

    public static Conv2d conv(int filters, int kernel, int stride, int padding, int dilation, boolean bias) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .setFilters(filters)
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optDilation(new Shape(dilation, dilation))
                .optBias(bias)
                .build();
    }

    /** BatchNorm's ε (PyTorch's default). */
    public static final float BN_EPSILON = 1e-5f;

    /** PyTorch defaults: eps 1e-5, running-stat momentum 0.1 (DJL counts momentum the other way). */
    public static BatchNorm bn() {
        return BatchNorm.builder().optEpsilon(BN_EPSILON).optMomentum(0.9f).build();
    }

    /** torchvision names of a convolution's parameters: {@code prefix.weight} [, {@code prefix.bias}]. */
    public static void torchConv(Map<String, Parameter> out, String prefix, Block conv) {
        for (var p : conv.getDirectParameters()) {
            out.put(prefix + "." + p.getKey(), p.getValue());
        }
    }

    /** torchvision names of a BatchNorm's parameters: weight, bias, running_mean, running_var. */
    public static void torchBn(Map<String, Parameter> out, String prefix, Block bn) {
        for (var p : bn.getDirectParameters()) {
            String name = switch (p.getKey()) {
                case "gamma" -> "weight";
                case "beta" -> "bias";
                case "runningMean" -> "running_mean";
                case "runningVar" -> "running_var";
                default -> throw new IllegalStateException("unexpected BatchNorm parameter " + p.getKey());
            };
            out.put(prefix + "." + name, p.getValue());
        }
    }
}
