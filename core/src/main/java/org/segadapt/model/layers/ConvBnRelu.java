package org.segadapt.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.util.Map;

/** conv (no bias) → BatchNorm → optional ReLU; children named {@code conv}, {@code bn}. */
public final class ConvBnRelu extends Net implements ConvBn.Holder {
    private final Conv2d conv;
    private final BatchNorm bn;
    private final boolean relu;
    private final ConvBn pair;

    public ConvBnRelu(int filters, int kernel, int stride, int padding, int dilation, boolean relu) {
        this.conv = addChildBlock("conv", Layers.conv(filters, kernel, stride, padding, dilation, false));
        this.bn = addChildBlock("bn", Layers.bn());
        this.relu = relu;
        this.pair = new ConvBn(conv, bn);
    }

    /** "same" padding for odd kernels, ReLU on. */
    public ConvBnRelu(int filters, int kernel, int stride) {
        this(filters, kernel, stride, kernel / 2, 1, true);
    }

    @Override
    protected NDList run(ParameterStore ps, NDList inputs, boolean training) {
        NDArray y = pair.forward(ps, inputs.singletonOrThrow(), training, training);
        return new NDList(relu ? Layers.release(y, Activation.relu(y)) : y);
    }

    @Override
    public java.util.List<ConvBn> convBns() {
        return java.util.List.of(pair);
    }

    public void torchNames(Map<String, Parameter> out, String convName, String bnName) {
        Layers.torchConv(out, convName, conv);
        Layers.torchBn(out, bnName, bn);
    }
}
