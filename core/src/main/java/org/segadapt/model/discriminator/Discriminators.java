package org.segadapt.model.discriminator;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.training.initializer.Initializer;

/** Shared pieces of the PatchGAN discriminators: LeakyReLU slope, 1-D convolutions, PyTorch-like initialisation. */
public final class Discriminators {
    /** Negative slope of every LeakyReLU in AdaptSegNet's / BDL's discriminators. */
    public static final float LEAKY_SLOPE = 0.2f;

    private Discriminators() {}

    static Conv1d conv1d(int filters, int kernel, int stride, int padding) {
        return Conv1d.builder().setKernelShape(new Shape(kernel)).setFilters(filters)
                .optStride(new Shape(stride)).optPadding(new Shape(padding)).optBias(true).build();
    }

    /**
     * Initialises a discriminator as PyTorch's default {@code nn.Conv*} initialisation does for the weights
     * (kaiming_uniform with a = √5, i.e. U(±1/√fan_in)); biases start at 0 (PyTorch draws them from the same
     * range; AdaptSegNet does not re-initialise its discriminator). Deterministic under
     * {@code Engine.setRandomSeed}: parameters are drawn in execution order.
     */
    public static void initialize(AbstractBlock discriminator, NDManager manager, Shape inputShape) {
        Initializer fanIn = (m, shape, type) -> {
            long fan = shape.size() / shape.get(0);
            float bound = (float) (1 / Math.sqrt(fan));
            return m.randomUniform(-bound, bound, shape, type);
        };
        for (var p : discriminator.getParameters()) {
            Parameter param = p.getValue();
            param.setInitializer(param.getType() == Parameter.Type.WEIGHT ? fanIn : Initializer.ZEROS);
        }
        discriminator.initialize(manager, DataType.FLOAT32, inputShape);
    }
}
