package org.segadapt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.segadapt.model.backbone.ResNet;
import org.segadapt.model.layers.ConvBnRelu;
import org.segadapt.model.layers.Layers;
import org.segadapt.model.layers.Net;

/**
 * Kind "bisenet": BiSeNet v1 (Yu et al., ECCV 2018) with a ResNet-18 context path, the layout of the
 * widely used PyTorch re-implementation (CoinCheung/BiSeNet v1), ≈13.4M parameters (TUFL Table VII: 13M).
 *
 * <ul>
 *   <li>context path: ARMs on the 16x and 32x ResNet features, global-average context (1x1 conv-bn-relu)
 *       added to the 32x branch, nearest ×2 upsampling and 3x3 conv heads → 128 ch at 1/8 and 1/16;
 *   <li>spatial path: conv-bn-relu 7x7/2, 3x3/2, 3x3/2 (64 ch), 1x1 → 128 ch at 1/8;
 *   <li>feature fusion: concat, 1x1 conv-bn-relu → 256, channel attention (1x1 → 64 → ReLU → 1x1 → 256 →
 *       sigmoid), {@code f·a + f};
 *   <li>heads: 3x3 conv-bn-relu + 1x1 classifier (256 mid on the fusion, 64 mid on the two auxiliary
 *       context outputs, training only); all logits bilinearly upsampled (align_corners=false).
 * </ul>
 * BatchNorm runs on 1x1 pooled maps (ARM, context): training needs a batch of at least 2.
 */
public final class BiSeNet extends SegmentationModel {
    private final ResNet resnet;
    private final AttentionRefinement arm16;
    private final AttentionRefinement arm32;
    private final ConvBnRelu convAvg;
    private final ConvBnRelu head32;
    private final ConvBnRelu head16;
    private final SpatialPath spatial;
    private final FeatureFusion ffm;
    private final Head out;
    private final Head out16;
    private final Head out32;

    public BiSeNet(int numClasses) {
        super((byte) 1, numClasses, InputNorm.IMAGENET);
        resnet = addChildBlock("resnet", ResNet.resnet18());
        arm16 = addChildBlock("arm16", new AttentionRefinement(128));
        arm32 = addChildBlock("arm32", new AttentionRefinement(128));
        convAvg = addChildBlock("conv_avg", new ConvBnRelu(128, 1, 1));
        head32 = addChildBlock("conv_head32", new ConvBnRelu(128, 3, 1));
        head16 = addChildBlock("conv_head16", new ConvBnRelu(128, 3, 1));
        spatial = addChildBlock("sp", new SpatialPath());
        ffm = addChildBlock("ffm", new FeatureFusion(256));
        out = addChildBlock("conv_out", new Head(256, numClasses));
        out16 = addChildBlock("conv_out16", new Head(64, numClasses));
        out32 = addChildBlock("conv_out32", new Head(64, numClasses));
    }

    public ResNet backbone() {
        return resnet;
    }

    /**
     * PyTorch names of the reference implementation (CoinCheung/BiSeNet v1 with the squeeze-excitation FFM):
     * {@code cp.resnet.layer1.0.conv1.weight}, {@code cp.arm16.conv_atten.weight}, {@code cp.arm16.bn_atten.running_mean},
     * {@code sp.conv1.conv.weight}, {@code ffm.conv1.weight}, {@code conv_out.conv_out.weight}, {@code conv_out16.conv.bn.bias} …
     */
    public Map<String, Parameter> torchNames() {
        Map<String, Parameter> names = new LinkedHashMap<>();
        resnet.torchNames().forEach((k, v) -> names.put("cp.resnet." + k, v));
        arm16.torchNames(names, "cp.arm16");
        arm32.torchNames(names, "cp.arm32");
        head32.torchNames(names, "cp.conv_head32.conv", "cp.conv_head32.bn");
        head16.torchNames(names, "cp.conv_head16.conv", "cp.conv_head16.bn");
        convAvg.torchNames(names, "cp.conv_avg.conv", "cp.conv_avg.bn");
        spatial.torchNames(names, "sp");
        ffm.torchNames(names, "ffm");
        out.torchNames(names, "conv_out");
        out16.torchNames(names, "conv_out16");
        out32.torchNames(names, "conv_out32");
        return names;
    }

    @Override
    public Output run(ParameterStore ps, NDArray images, boolean training) {
        int h = (int) images.getShape().get(2);
        int w = (int) images.getShape().get(3);
        NDArray x = inputNorm().apply(images);
        // through Layers.call so that the backbone block itself is initialised (checkpoints need its input shape)
        List<NDArray> stages = Layers.call(resnet, ps, new NDList(x), training);
        NDArray feat16 = stages.get(2);
        NDArray feat32 = stages.get(3);
        // intermediates are released as soon as they are read (Layers.release); the stages stay with the output
        NDArray pooled = Tensors.globalAverage(feat32);
        NDArray avg = Layers.callAndRelease(convAvg, ps, pooled, training);
        NDArray sum32 = sum(Layers.call(arm32, ps, feat32, training), avg);
        NDArray up32 = Layers.release(sum32, Bilinear.nearest(sum32, (int) feat16.getShape().get(2), (int) feat16.getShape().get(3)));
        NDArray cp16 = Layers.callAndRelease(head32, ps, up32, training);
        NDArray sum16 = Layers.call(arm16, ps, feat16, training);
        sum16 = Layers.release(sum16, sum16.add(cp16));
        NDArray sp = Layers.call(spatial, ps, x, training);
        if (x != images) {
            x.close();
        }
        NDArray up16 = Layers.release(sum16, Bilinear.nearest(sum16, (int) sp.getShape().get(2), (int) sp.getShape().get(3)));
        NDArray cp8 = Layers.callAndRelease(head16, ps, up16, training);
        NDArray cat = Tensors.concat(sp, cp8);
        sp.close();
        NDArray fused = Layers.callAndRelease(ffm, ps, cat, training);
        NDArray scores = Layers.callAndRelease(out, ps, fused, training);
        NDArray logits = Layers.release(scores, Bilinear.resize(scores, h, w, false));
        List<NDArray> aux = training ? List.of(auxLogits(out16, ps, cp8, h, w), auxLogits(out32, ps, cp16, h, w)) : List.of();
        cp8.close();
        cp16.close();
        return new Output(logits, aux, stages);
    }

    private static NDArray auxLogits(Block head, ParameterStore ps, NDArray x, int h, int w) {
        NDArray scores = Layers.call(head, ps, x, true);
        return Layers.release(scores, Bilinear.resize(scores, h, w, false));
    }

    /** a + b, releasing both. */
    private static NDArray sum(NDArray a, NDArray b) {
        NDArray s = a.add(b);
        a.close();
        b.close();
        return s;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // the auxiliary heads run only in training: initialise them from a training-shaped pass
        Layers.dryRun(manager, dataType, inputShapes, (ps, x) -> run(ps, x.singletonOrThrow(), false));
        Layers.dryRun(manager, dataType, new Shape[] {new Shape(1, 128, 8, 8)}, (ps, x) -> {
            Layers.call(out16, ps, x.singletonOrThrow(), false);
            Layers.call(out32, ps, x.singletonOrThrow(), false);
        });
    }

    @Override
    public String kind() {
        return "bisenet";
    }

    /** The ResNet-18 is the encoder; everything else is decoder (CaDA: ×10 learning rate). */
    @Override
    public boolean isEncoderParameter(String parameterPath) {
        return ModelSupport.startsWithChild(this, parameterPath, List.of("resnet"));
    }

    /** ARM: 3x3 conv-bn-relu, then channel attention sigmoid(bn(conv1x1(avgpool))) multiplies the features. */
    private static final class AttentionRefinement extends Net {
        private final ConvBnRelu conv;
        private final ConvBnRelu attention;

        void torchNames(Map<String, Parameter> names, String prefix) {
            conv.torchNames(names, prefix + ".conv.conv", prefix + ".conv.bn");
            attention.torchNames(names, prefix + ".conv_atten", prefix + ".bn_atten");
        }

        AttentionRefinement(int channels) {
            conv = addChildBlock("conv", new ConvBnRelu(channels, 3, 1));
            attention = addChildBlock("conv_atten", new ConvBnRelu(channels, 1, 1, 0, 1, false));
        }

        @Override
        protected NDList run(ParameterStore ps, NDList inputs, boolean training) {
            NDArray f = Layers.call(conv, ps, inputs.singletonOrThrow(), training);
            NDArray pooled = Tensors.globalAverage(f);
            NDArray logit = Layers.callAndRelease(attention, ps, pooled, training);
            NDArray a = Layers.release(logit, Activation.sigmoid(logit));
            NDArray y = f.mul(a);
            f.close();
            a.close();
            return new NDList(y);
        }
    }

    /** Three stride-2 conv-bn-relu (7x7, 3x3, 3x3; 64 ch) and a 1x1 to 128 ch: 1/8 resolution, rich detail. */
    private static final class SpatialPath extends Net {
        private final ConvBnRelu[] convs = new ConvBnRelu[4];

        void torchNames(Map<String, Parameter> names, String prefix) {
            String[] n = {"conv1", "conv2", "conv3", "conv_out"};
            for (int i = 0; i < 4; i++) {
                convs[i].torchNames(names, prefix + "." + n[i] + ".conv", prefix + "." + n[i] + ".bn");
            }
        }

        SpatialPath() {
            convs[0] = addChildBlock("conv1", new ConvBnRelu(64, 7, 2));
            convs[1] = addChildBlock("conv2", new ConvBnRelu(64, 3, 2));
            convs[2] = addChildBlock("conv3", new ConvBnRelu(64, 3, 2));
            convs[3] = addChildBlock("conv_out", new ConvBnRelu(128, 1, 1));
        }

        @Override
        protected NDList run(ParameterStore ps, NDList inputs, boolean training) {
            return new NDList(Layers.chain(List.of(convs), ps, inputs.singletonOrThrow(), training));
        }
    }

    /** FFM: 1x1 conv-bn-relu on the concatenation, squeeze-excitation style attention, residual. */
    private static final class FeatureFusion extends Net {
        private final ConvBnRelu block;
        private final Block squeeze;
        private final Block excite;

        void torchNames(Map<String, Parameter> names, String prefix) {
            block.torchNames(names, prefix + ".convblk.conv", prefix + ".convblk.bn");
            Layers.torchConv(names, prefix + ".conv1", squeeze);
            Layers.torchConv(names, prefix + ".conv2", excite);
        }

        FeatureFusion(int channels) {
            block = addChildBlock("convblk", new ConvBnRelu(channels, 1, 1));
            squeeze = addChildBlock("conv1", Layers.conv(channels / 4, 1, 1, 0, 1, false));
            excite = addChildBlock("conv2", Layers.conv(channels, 1, 1, 0, 1, false));
        }

        @Override
        protected NDList run(ParameterStore ps, NDList inputs, boolean training) {
            NDArray f = Layers.call(block, ps, inputs.singletonOrThrow(), training);
            NDArray pooled = Tensors.globalAverage(f);
            NDArray a = Layers.callAndRelease(squeeze, ps, pooled, training);
            a = Layers.release(a, Activation.relu(a));
            a = Layers.callAndRelease(excite, ps, a, training);
            a = Layers.release(a, Activation.sigmoid(a));
            NDArray attended = Layers.release(a, f.mul(a));
            NDArray y = Layers.release(attended, attended.add(f));
            f.close();
            return new NDList(y);
        }
    }

    /** Output head: 3x3 conv-bn-relu to {@code mid} channels, 1x1 classifier (no bias). */
    private static final class Head extends Net {
        private final ConvBnRelu conv;
        private final Block classifier;

        void torchNames(Map<String, Parameter> names, String prefix) {
            conv.torchNames(names, prefix + ".conv.conv", prefix + ".conv.bn");
            Layers.torchConv(names, prefix + ".conv_out", classifier);
        }

        Head(int mid, int numClasses) {
            conv = addChildBlock("conv", new ConvBnRelu(mid, 3, 1));
            classifier = addChildBlock("conv_out", Layers.conv(numClasses, 1, 1, 0, 1, false));
        }

        @Override
        protected NDList run(ParameterStore ps, NDList inputs, boolean training) {
            NDArray features = Layers.call(conv, ps, inputs.singletonOrThrow(), training);
            return new NDList(Layers.callAndRelease(classifier, ps, features, training));
        }
    }
}
