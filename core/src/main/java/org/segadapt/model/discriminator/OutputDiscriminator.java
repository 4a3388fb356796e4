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
 * D_c, the output-space discriminator of CaDA Sec. 2.3 / 3.2 (L_adv_seg), a fully convolutional PatchGAN
 * on the segmenter's softmax output as in AdaptSegNet's {@code FCDiscriminator} (which BDL reuses):
 * <pre>
 *   4×4/2 conv → 64, LeakyReLU 0.2
 *   4×4/2 conv → 128, LeakyReLU 0.2
 *   4×4/2 conv → 256, LeakyReLU 0.2
 *   4×4/2 conv → 512, LeakyReLU 0.2
 *   4×4 conv → 1 (patch logits), stride 2 for 32× (AdaptSegNet), stride 1 for 16× (CaDA Sec. 3.2)
 * </pre>
 * All convolutions pad 1 and carry a bias. CaDA Sec. 3.2 says D_c outputs "a 16× downsampled confidence
 * map"; AdaptSegNet's code downsamples 32×. The default is CaDA's 16× ({@link #CADA_DOWNSAMPLING}): four
 * stride-2 layers and a stride-1 classifier as pix2pix's PatchGAN ends (output H/16 − 1 by W/16 − 1 for
 * sizes divisible by 16). {@code downsampling} = 2^k chooses k stride-2 convolutions, the hidden ones first.
 */
public final class OutputDiscriminator extends Net {
    public static final int CADA_DOWNSAMPLING = 16;
    public static final int ADAPTSEGNET_DOWNSAMPLING = 32;
    /** AdaptSegNet's ndf: the first layer's width, doubled by each further hidden layer. */
    public static final int PAPER_WIDTH = 64;
    private static final int HIDDEN = 4;

    private final List<Block> layers = new ArrayList<>();
    private final int downsampling;

    /** The CaDA default: 16× downsampled patch logits, widths 64…512. */
    public OutputDiscriminator() {
        this(CADA_DOWNSAMPLING, PAPER_WIDTH);
    }

    /**
     * @param downsampling 2, 4, …, 32: total stride of the network (32 = AdaptSegNet/BDL, 16 = CaDA)
     * @param width        channels of the first layer (64 in the papers; smaller for tests)
     */
    public OutputDiscriminator(int downsampling, int width) {
        int k = Integer.numberOfTrailingZeros(downsampling);
        if (downsampling < 2 || Integer.bitCount(downsampling) != 1 || k > HIDDEN + 1) {
            throw new IllegalArgumentException("output discriminator downsampling must be a power of two in 2..32, got " + downsampling);
        }
        if (width < 1) {
            throw new IllegalArgumentException("output discriminator width must be positive, got " + width);
        }
        this.downsampling = downsampling;
        for (int i = 0; i < HIDDEN; i++) {
            layers.add(addChildBlock("conv" + (i + 1), Layers.conv(width << i, 4, i < k ? 2 : 1, 1, 1, true)));
        }
        layers.add(addChildBlock("classifier", Layers.conv(1, 4, k > HIDDEN ? 2 : 1, 1, 1, true)));
    }

    public int downsampling() {
        return downsampling;
    }

    /** Patch logits (N,1,h,w) of softmax probabilities (N,C,H,W); higher = "target". */
    public NDArray logits(ParameterStore ps, NDArray prob, boolean training) {
        return run(ps, new NDList(prob), training).singletonOrThrow();
    }

    @Override
    protected NDList run(ParameterStore ps, NDList inputs, boolean training) {
        NDArray x = inputs.singletonOrThrow();
        if (x.getShape().dimension() != 4) {
            throw new IllegalArgumentException("output discriminator expects (N,C,H,W) probabilities, got " + x.getShape());
        }
        for (int i = 0; i < layers.size(); i++) {
            x = Layers.call(layers.get(i), ps, x, training);
            if (i < layers.size() - 1) {
                x = Activation.leakyRelu(x, Discriminators.LEAKY_SLOPE);
            }
        }
        return new NDList(x);
    }

    /** Input shape for initialisation: one numClasses-channel map of a size every layer can take. */
    public static Shape initShape(int numClasses) {
        return new Shape(1, numClasses, 64, 64);
    }
}
