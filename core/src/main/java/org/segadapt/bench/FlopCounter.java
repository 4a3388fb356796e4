package org.segadapt.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import org.segadapt.model.Models;
import org.segadapt.model.SegmentationModel;

/**
 * Counts the multiply-add FLOPs (2 per MAC) of the convolutions and linear layers of a network by walking
 * the DJL block tree: every {@link Convolution} records the input shape it was initialised with, and its
 * output shape follows from kernel, stride, padding and dilation. A fresh network is initialised lazily by
 * one forward pass at the benchmark's input shape, so each layer sees its real shape (the auxiliary heads
 * run only in training mode, hence the {@code training} flag). Elementwise ops, BatchNorm, pooling and the
 * bilinear-resize matrix products are not counted.
 */
public final class FlopCounter {
    private FlopCounter() {}

    /** 2·N·C_out·H_out·W_out·(C_in/groups)·k_h·k_w for a convolution with the given input shape. */
    public static long convolutionFlops(Convolution conv, Shape input) {
        Shape out = conv.getOutputShapes(new Shape[] {input})[0];
        long perOutput = 2L * (input.get(1) / conv.getGroups()) * conv.getKernelShape().size();
        return out.size() * perOutput;
    }

    /** Sum over every initialised convolution / linear layer below {@code root} of its recorded input shape's FLOPs. */
    public static long forwardFlops(Block root) {
        long total = 0;
        if (root instanceof Convolution conv && conv.isInitialized()) {
            total += convolutionFlops(conv, conv.getInputShapes()[0]);
        } else if (root instanceof Linear lin && lin.isInitialized()) {
            Shape in = lin.getInputShapes()[0];
            Shape w = lin.getParameters().get("weight").getArray().getShape();
            total += 2L * (in.size() / in.get(in.dimension() - 1)) * w.get(0) * w.get(1);
        }
        for (var child : root.getChildren()) {
            total += forwardFlops(child.getValue());
        }
        return total;
    }

    /**
     * Forward FLOPs of model {@code kind} on a (batch, 3, h, w) input, counted on a fresh network initialised by a
     * forward pass in training mode (with auxiliary heads) or inference mode.
     */
    public static long modelForwardFlops(String kind, int numClasses, int batch, int h, int w, boolean training, NDManager manager) {
        SegmentationModel m = Models.create(kind, numClasses);
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = sub.zeros(new Shape(batch, 3, h, w));
            m.run(new ParameterStore(sub, false), x, training);
            return forwardFlops(m); // the lazily created parameters live on sub and go with it
        }
    }

    /** Learnable parameters (weights, biases, BatchNorm γ/β; running statistics excluded), as PyTorch's parameters() counts. */
    public static long parameterCount(Block model) {
        long n = 0;
        for (var p : model.getParameters()) {
            Parameter.Type t = p.getValue().getType();
            if (t != Parameter.Type.RUNNING_MEAN && t != Parameter.Type.RUNNING_VAR) {
                n += p.getValue().getArray().getShape().size();
            }
        }
        return n;
    }
}
