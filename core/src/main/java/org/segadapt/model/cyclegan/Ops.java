package org.segadapt.model.cyclegan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.NDManager;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import org.segadapt.nd.Scalars;

/** The operations CycleGAN's networks use that DJL has no block for, and its initialisation. */
public final class Ops {
    /** InstanceNorm2d's ε (PyTorch's default). */
    static final float EPSILON = 1e-5f;
    /** CycleGAN's init_gain: weights N(0, 0.02), biases 0 (networks.init_weights, init_type "normal"). */
    static final float INIT_GAIN = 0.02f;

    private Ops() {}

    /** InstanceNorm2d(affine=False, track_running_stats=False): each image's channel normalised over its pixels. */
    public static NDArray instanceNorm(NDArray x) {
        Shape s = x.getShape();
        Shape perImage = new Shape(s.get(0), s.get(1), 1, 1);
        NDArray flat = x.reshape(s.get(0), s.get(1), -1); // DJL's mean takes one axis
        NDArray centred = x.sub(flat.mean(new int[] {2}).reshape(perImage));
        NDArray var = centred.reshape(s.get(0), s.get(1), -1).square().mean(new int[] {2}).reshape(perImage);
        return centred.div(Scalars.add(var, EPSILON).sqrt());
    }

    /** ReflectionPad2d(p) of an (N, C, H, W) batch: the border mirrored without repeating the edge pixel. */
    public static NDArray reflectionPad(NDArray x, int p) {
        return reflectionPad(x, p, p, p, p);
    }

    /** ReflectionPad2d((left, right, top, bottom)). */
    public static NDArray reflectionPad(NDArray x, int top, int bottom, int left, int right) {
        return reflect(reflect(x, 3, left, right), 2, top, bottom);
    }

    private static NDArray reflect(NDArray x, int axis, int before, int after) {
        long n = x.getShape().get(axis);
        if (Math.max(before, after) >= n) {
            throw new IllegalArgumentException("reflection padding " + Math.max(before, after) + " needs more than that many pixels, got " + n);
        }
        String lead = axis == 3 ? ":, :, :, " : ":, :, ";
        NDArray y = x;
        if (before > 0) {
            y = x.get(new NDIndex(lead + "1:" + (before + 1))).flip(axis).concat(y, axis);
        }
        if (after > 0) {
            y = y.concat(x.get(new NDIndex(lead + (n - after - 1) + ":" + (n - 1))).flip(axis), axis);
        }
        return y;
    }

    /** Initialises a CycleGAN network: weights N(0, 0.02), biases 0, then shapes from {@code inputShape}. */
    public static void initialize(AbstractBlock network, NDManager manager, Shape inputShape) {
        Initializer normal = new NormalInitializer(INIT_GAIN);
        for (var p : network.getParameters()) {
            Parameter param = p.getValue();
            param.setInitializer(param.getType() == Parameter.Type.WEIGHT ? normal : Initializer.ZEROS);
        }
        network.initialize(manager, DataType.FLOAT32, inputShape);
    }
}
