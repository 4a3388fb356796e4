package org.segadapt.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;

/** Model factory by kind name, and deterministic parameter initialisation. */
public final class Models {
    /** Input size of the initialising dry run: divisible by 32 (BiSeNet's 1/32 map is 1x1), tiny. */
    private static final Shape INIT_SHAPE = new Shape(1, 3, 32, 32);

    private Models() {}

    public static SegmentationModel create(String kind, int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
        }
        return switch (kind) {
            case "small" -> new SmallNet(numClasses);
            case "bisenet" -> new BiSeNet(numClasses);
            case "deeplabv2" -> new DeepLabV2(numClasses);
            default -> throw new IllegalArgumentException("unknown model kind '" + kind + "' (small|bisenet|deeplabv2)");
        };
    }

    /**
     * Initialises every parameter on {@code manager}: convolution weights Kaiming-normal (fan-in, gain √2),
     * biases 0, BatchNorm γ=1, β=0, running mean 0, variance 1. Deterministic given
     * {@code Engine.getInstance().setRandomSeed}: parameters are drawn in execution order.
     */
    public static void initialize(SegmentationModel m, NDManager manager) {
        XavierInitializer kaiming = new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2f);
        for (var p : m.getParameters()) {
            Parameter param = p.getValue();
            if (param.getType() == Parameter.Type.WEIGHT) {
                param.setInitializer(kaiming);
            }
        }
        m.customizeInitializers();
        m.initialize(manager, DataType.FLOAT32, INIT_SHAPE);
    }
}
