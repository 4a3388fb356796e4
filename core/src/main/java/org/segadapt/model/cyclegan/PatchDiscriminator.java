package org.segadapt.model.cyclegan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.segadapt.model.discriminator.Discriminators;
import org.segadapt.model.layers.Layers;
import org.segadapt.model.layers.Net;

/**
 * CycleGAN's 70×70 PatchGAN (NLayerDiscriminator, n_layers 3, instance norm) on images in [−1, 1]:
 * 4×4/2 conv → ndf, LReLU 0.2; 4×4/2 → 2·ndf, IN, LReLU; 4×4/2 → 4·ndf, IN, LReLU; 4×4/1 → 8·ndf, IN, LReLU;
 * 4×4/1 → 1 patch logit. All pad 1 and carry a bias.
 */
public final class PatchDiscriminator extends Net {
    private final List<Block> layers = new ArrayList<>();

    public PatchDiscriminator(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("discriminator width must be positive, got " + width);
        }
        int[] filters = {width, 2 * width, 4 * width, 8 * width, 1};
        int[] strides = {2, 2, 2, 1, 1};
        for (int i = 0; i < filters.length; i++) {
            layers.add(addChildBlock("conv" + i, Layers.conv(filters[i], 4, strides[i], 1, 1, true)));
        }
    }

    /** Patch logits (N, 1, h, w); higher = "real". */
    public NDArray logits(ParameterStore ps, NDArray images, boolean training) {
        return run(ps, new NDList(images), training).singletonOrThrow();
    }

    @Override
    protected NDList run(ParameterStore ps, NDList inputs, boolean training) {
        NDArray x = inputs.singletonOrThrow();
        for (int i = 0; i < layers.size(); i++) {
            x = Layers.call(layers.get(i), ps, x, training);
            if (i > 0 && i < layers.size() - 1) {
                x = Ops.instanceNorm(x);
            }
            if (i < layers.size() - 1) {
                x = Activation.leakyRelu(x, Discriminators.LEAKY_SLOPE);
            }
        }
        return new NDList(x);
    }

    /** The official names: {@code model.0}, {@code model.2}, {@code model.5}, {@code model.8}, {@code model.11}. */
    public Map<String, Parameter> torchNames() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        int[] index = {0, 2, 5, 8, 11};
        for (int i = 0; i < layers.size(); i++) {
            Layers.torchConv(out, "model." + index[i], layers.get(i));
        }
        return out;
    }

    public static Shape initShape() {
        return new Shape(1, 3, 64, 64);
    }
}
