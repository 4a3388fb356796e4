package org.segadapt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.segadapt.model.backbone.ResNet;
import org.segadapt.model.layers.Layers;
import org.segadapt.model.layers.Net;

/**
 * Kind "deeplabv2": DeepLab-v2 ResNet-101 in the AdaptSegNet/ADVENT layout used by UDA papers — output
 * stride 8 (dilation 2 in layer3, 4 in layer4), stride on each stage's first 1x1 conv, ceil-mode max pool,
 * BatchNorm frozen (inference statistics, γ/β not trained) — and the ASPP classifier {@code layer5} that
 * sums four 3x3 convolutions with dilations 6, 12, 18, 24 straight to class scores. (AdaptSegNet's released
 * code returns after the first two branches; here all four are summed, as in DeepLab-v2.)
 * Logits are upsampled with align_corners=true. Default input convention: Caffe BGR (its ImageNet weights).
 */
public final class DeepLabV2 extends SegmentationModel {
    private static final int[] RATES = {6, 12, 18, 24};

    private final ResNet resnet;
    private final Aspp layer5;

    public DeepLabV2(int numClasses) {
        super((byte) 1, numClasses, InputNorm.CAFFE_BGR);
        resnet = addChildBlock("resnet", ResNet.resnet101DeepLab());
        layer5 = addChildBlock("layer5", new Aspp(numClasses));
    }

    public ResNet backbone() {
        return resnet;
    }

    @Override
    public Output run(ParameterStore ps, NDArray images, boolean training) {
        int h = (int) images.getShape().get(2);
        int w = (int) images.getShape().get(3);
        List<NDArray> stages = Layers.call(resnet, ps, new NDList(inputNorm().apply(images)), training);
        NDArray scores = Layers.call(layer5, ps, stages.get(3), training);
        return new Output(Bilinear.resize(scores, h, w, true), List.of(), stages);
    }

    /** AdaptSegNet's classifier initialisation: N(0, 0.01) weights (biases 0). */
    @Override
    protected void customizeInitializers() {
        layer5.setInitializer(new NormalInitializer(0.01f), Parameter.Type.WEIGHT);
        // With frozen BatchNorm nothing renormalises the 33 residual additions: from Kaiming weights the activations
        // reach ~1e6 and the first loss is NaN. Damping each bottleneck's last conv keeps a randomly initialised
        // network finite (benchmarks, tests); real use starts from pretrained weights anyway.
        torchNames().forEach((name, p) -> {
            if (name.matches("layer\\d\\.\\d+\\.conv3\\.weight")) {
                p.setInitializer((manager, shape, type) -> {
                    double fanIn = shape.size() / shape.get(0);
                    return manager.randomNormal(0f, (float) (RESIDUAL_DAMPING * Math.sqrt(2 / fanIn)), shape, type);
                });
            }
        });
    }

    private static final double RESIDUAL_DAMPING = 0.2;

    /** torchvision/AdaptSegNet names: {@code conv1.weight}, {@code layer3.4.bn2.running_var}, {@code layer5.conv2d_list.0.weight}. */
    public Map<String, Parameter> torchNames() {
        Map<String, Parameter> out = resnet.torchNames();
        for (int i = 0; i < layer5.branches.size(); i++) {
            Layers.torchConv(out, "layer5.conv2d_list." + i, layer5.branches.get(i));
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Layers.dryRun(manager, dataType, inputShapes, (ps, x) -> run(ps, x.singletonOrThrow(), false));
    }

    @Override
    public String kind() {
        return "deeplabv2";
    }

    /** The ResNet-101 is the encoder, layer5 (ASPP) the decoder. */
    @Override
    public boolean isEncoderParameter(String parameterPath) {
        return ModelSupport.startsWithChild(this, parameterPath, List.of("resnet"));
    }

    /** Σ_r conv3x3_dilation=r(x) + bias_r, r ∈ {6, 12, 18, 24}. */
    private static final class Aspp extends Net {
        private final List<Block> branches = new ArrayList<>();

        Aspp(int numClasses) {
            for (int i = 0; i < RATES.length; i++) {
                branches.add(addChildBlock("conv2d_list." + i, Layers.conv(numClasses, 3, 1, RATES[i], RATES[i], true)));
            }
        }

        @Override
        protected NDList run(ParameterStore ps, NDList inputs, boolean training) {
            NDArray x = inputs.singletonOrThrow();
            NDArray sum = null;
            for (Block b : branches) {
                NDArray y = Layers.call(b, ps, x, training);
                sum = sum == null ? y : sum.add(y);
            }
            return new NDList(sum);
        }
    }
}
