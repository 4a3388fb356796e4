package org.segadapt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.segadapt.model.layers.ConvBnRelu;
import org.segadapt.model.layers.Layers;

/**
 * Kind "small": a fast CPU encoder–decoder for tests and the demo (not from the papers).
 *
 * <pre>
 * stem   3x3/2 → 16            1/2
 * stage1 3x3/2 → 32            1/4   features[0]
 * stage2 3x3/2 → 64, 3x3       1/8   features[1]
 * stage3 3x3/2 → 96, 3x3 d2    1/16
 * context: global average → 1x1 conv (+bias) → ReLU, added to stage3
 * decoder: 1x1 → 48, ×2, concat stage2, 3x3 → 64; ×2, concat stage1, 1x1 → 32; classifier 1x1
 * logits bilinearly upsampled (align_corners=false) to the input size
 * </pre>
 */
public final class SmallNet extends SegmentationModel {
    private static final List<String> ENCODER = List.of("stem", "stage1", "stage2a", "stage2b", "stage3a", "stage3b", "context");

    private final Block stem;
    private final Block stage1;
    private final Block stage2a;
    private final Block stage2b;
    private final Block stage3a;
    private final Block stage3b;
    private final Conv2d context;
    private final Block project;
    private final Block fuse8;
    private final Block fuse4;
    private final Conv2d classifier;

    public SmallNet(int numClasses) {
        super((byte) 1, numClasses, InputNorm.IMAGENET);
        stem = addChildBlock("stem", new ConvBnRelu(16, 3, 2));
        stage1 = addChildBlock("stage1", new ConvBnRelu(32, 3, 2));
        stage2a = addChildBlock("stage2a", new ConvBnRelu(64, 3, 2));
        stage2b = addChildBlock("stage2b", new ConvBnRelu(64, 3, 1));
        stage3a = addChildBlock("stage3a", new ConvBnRelu(96, 3, 2));
        stage3b = addChildBlock("stage3b", new ConvBnRelu(96, 3, 1, 2, 2, true));
        context = addChildBlock("context", Layers.conv(96, 1, 1, 0, 1, true));
        project = addChildBlock("project", new ConvBnRelu(48, 1, 1));
        fuse8 = addChildBlock("fuse8", new ConvBnRelu(64, 3, 1));
        fuse4 = addChildBlock("fuse4", new ConvBnRelu(32, 1, 1));
        classifier = addChildBlock("classifier", Layers.conv(numClasses, 1, 1, 0, 1, true));
    }

    @Override
    public Output run(ParameterStore ps, NDArray images, boolean training) {
        Shape s = images.getShape();
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        NDArray x = inputNorm().apply(images);
        NDArray f2 = Layers.call(stem, ps, x, training);
        NDArray f4 = Layers.call(stage1, ps, f2, training);
        NDArray f8 = Layers.call(stage2b, ps, Layers.call(stage2a, ps, f4, training), training);
        NDArray f16 = Layers.call(stage3b, ps, Layers.call(stage3a, ps, f8, training), training);
        NDArray ctx = Activation.relu(Layers.call(context, ps, Tensors.globalAverage(f16), training));
        NDArray d = Layers.call(project, ps, f16.add(ctx), training);
        d = Bilinear.resizeLike(d, f8, false);
        d = Layers.call(fuse8, ps, Tensors.concat(d, f8), training);
        d = Bilinear.resizeLike(d, f4, false);
        d = Layers.call(fuse4, ps, Tensors.concat(d, f4), training);
        NDArray logits = Bilinear.resize(Layers.call(classifier, ps, d, training), h, w, false);
        return new Output(logits, List.of(), List.of(f4, f8));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Layers.dryRun(manager, dataType, inputShapes, (ps, x) -> run(ps, x.singletonOrThrow(), false));
    }

    @Override
    public String kind() {
        return "small";
    }

    @Override
    public boolean isEncoderParameter(String parameterPath) {
        return ModelSupport.startsWithChild(this, parameterPath, ENCODER);
    }
}
