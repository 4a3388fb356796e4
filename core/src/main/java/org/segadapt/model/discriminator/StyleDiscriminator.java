package org.segadapt.model.discriminator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.segadapt.model.layers.Layers;
import org.segadapt.model.layers.Net;

/**
 * D_f^n, CaDA's style discriminator (Sec. 2.1, 3.2): a PatchGAN of "four 1-D convolutional layers with kernel
 * size of 4" over the style vector S_n (global average of encoder stage n, (N,C), read as a one-channel
 * sequence (N,1,C)):
 * <pre>
 *   1-D 4/2 conv → 64, LeakyReLU 0.2
 *   1-D 4/2 conv → 128, LeakyReLU 0.2
 *   1-D 4/2 conv → 256, LeakyReLU 0.2
 *   1-D 4/1 conv → 1   (patch logits, length ≈ C/8 − 1)
 * </pre>
 * Widths and strides follow D_c's PatchGAN pattern (the paper gives only the depth and kernel size).
 * Padding 1 throughout; the style vector needs at least 16 channels.
 */
public final class StyleDiscriminator extends Net {
    public static final int MIN_CHANNELS = 16;
    private static final int HIDDEN = 3;

    private final List<Block> layers = new ArrayList<>();

    /** Widths 64, 128, 256 as D_c's first layers. */
    public StyleDiscriminator() {
        this(OutputDiscriminator.PAPER_WIDTH);
    }

    /** @param width channels of the first layer, doubled by each further hidden layer */
    public StyleDiscriminator(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("style discriminator width must be positive, got " + width);
        }
        for (int i = 0; i < HIDDEN; i++) {
            layers.add(addChildBlock("conv" + (i + 1), Discriminators.conv1d(width << i, 4, 2, 1)));
        }
        layers.add(addChildBlock("classifier", Discriminators.conv1d(1, 4, 1, 1)));
    }

    /** Patch logits (N,1,L) of style vectors (N,C); higher = "target". */
    public NDArray logits(ParameterStore ps, NDArray style, boolean training) {
        return run(ps, new NDList(style), training).singletonOrThrow();
    }

    @Override
    protected NDList run(ParameterStore ps, NDList inputs, boolean training) {
        NDArray s = inputs.singletonOrThrow();
        if (s.getShape().dimension() != 2 || s.getShape().get(1) < MIN_CHANNELS) {
            throw new IllegalArgumentException("style discriminator expects (N,C) style vectors with C >= " + MIN_CHANNELS
                    + ", got " + s.getShape());
        }
        NDArray x = s.expandDims(1);
        for (int i = 0; i < layers.size(); i++) {
            x = Layers.call(layers.get(i), ps, x, training);
            if (i < layers.size() - 1) {
                x = Activation.leakyRelu(x, Discriminators.LEAKY_SLOPE);
            }
        }
        return new NDList(x);
    }

    /** Input shape for initialisation with {@code channels}-dimensional style vectors. */
    public static Shape initShape(int channels) {
        return new Shape(1, channels);
    }
}
