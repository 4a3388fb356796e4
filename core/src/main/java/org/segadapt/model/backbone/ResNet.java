package org.segadapt.model.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.segadapt.model.layers.ConvBn;
import org.segadapt.model.layers.Layers;
import org.segadapt.model.layers.Net;

/**
 * ResNet-18 (BasicBlock) and ResNet-101 (Bottleneck) in torchvision's layout — conv1, bn1, relu,
 * maxpool, layer1..4 of blocks {@code conv1, bn1, conv2, bn2[, conv3, bn3][, downsample.0/1]} — with
 * per-stage stride and dilation. {@link #run} returns the four stage outputs (strides 4, 8, 16, 32 for
 * the plain network). {@link #torchNames()} maps torchvision parameter names to the DJL parameters.
 */
public final class ResNet extends Net implements ConvBn.Holder {
    /** Block type and blocks per stage. */
    public enum Depth {
        R18(false, new int[] {2, 2, 2, 2}),
        R101(true, new int[] {3, 4, 23, 3});

        final boolean bottleneck;
        final int[] blocks;

        Depth(boolean bottleneck, int[] blocks) {
            this.bottleneck = bottleneck;
            this.blocks = blocks;
        }
    }

    /**
     * @param strides        stride of layer1..4 (torchvision: 1,2,2,2)
     * @param dilations      dilation of every block of layer1..4 (torchvision: 1,1,1,1)
     * @param strideOnConv1  Bottleneck stride on the 1x1 conv1 (Caffe/DeepLab) instead of the 3x3 conv2
     * @param ceilMode       max pool with ceil mode (DeepLab)
     * @param frozenBatchNorm BatchNorm always in inference mode, γ/β frozen
     */
    public record Config(Depth depth, int[] strides, int[] dilations, boolean strideOnConv1, boolean ceilMode, boolean frozenBatchNorm) {}

    private final Config config;
    private final Block conv1;
    private final Block bn1;
    private final ConvBn stem;
    private final List<List<Residual>> layers = new ArrayList<>();
    private final List<Stage> stageBlocks = new ArrayList<>();

    public ResNet(Config config) {
        this.config = config;
        conv1 = addChildBlock("conv1", Layers.conv(64, 7, 2, 3, 1, false));
        bn1 = addChildBlock("bn1", Layers.bn());
        stem = new ConvBn(conv1, bn1);
        int in = 64;
        for (int s = 0; s < 4; s++) {
            int planes = 64 << s;
            int out = config.depth().bottleneck ? planes * 4 : planes;
            Stage stage = addChildBlock("layer" + (s + 1), new Stage());
            stageBlocks.add(stage);
            List<Residual> blocks = new ArrayList<>();
            for (int b = 0; b < config.depth().blocks[s]; b++) {
                int stride = b == 0 ? config.strides()[s] : 1;
                boolean down = b == 0 && (stride != 1 || in != out);
                Residual r = new Residual(config.depth().bottleneck, planes, out, stride, config.dilations()[s], down,
                        config.strideOnConv1(), config.frozenBatchNorm());
                blocks.add(stage.add(String.valueOf(b), r));
                in = out;
            }
            layers.add(blocks);
        }
        if (config.frozenBatchNorm()) {
            for (var p : getParameters()) {
                Parameter.Type t = p.getValue().getType();
                if (t == Parameter.Type.GAMMA || t == Parameter.Type.BETA) {
                    p.getValue().freeze(true);
                }
            }
        }
    }

    /** torchvision resnet18 (output stride 32). */
    public static ResNet resnet18() {
        return new ResNet(new Config(Depth.R18, new int[] {1, 2, 2, 2}, new int[] {1, 1, 1, 1}, false, false, false));
    }

    /** DeepLab-v2 / AdaptSegNet ResNet-101: output stride 8, dilation 2 and 4, Caffe stride, ceil pool, frozen BN. */
    public static ResNet resnet101DeepLab() {
        return new ResNet(new Config(Depth.R101, new int[] {1, 2, 1, 1}, new int[] {1, 1, 2, 4}, true, true, true));
    }

    public Config config() {
        return config;
    }

    /** Output channels of layer1..4. */
    public int[] channels() {
        int e = config.depth().bottleneck ? 4 : 1;
        return new int[] {64 * e, 128 * e, 256 * e, 512 * e};
    }

    /** The four stage outputs, shallowest first. Parents should run the block via {@code Layers.call} instead. */
    public List<NDArray> stages(ParameterStore ps, NDArray x, boolean training) {
        boolean bnTraining = training && !config.frozenBatchNorm();
        NDArray b = stem.forward(ps, x, training, bnTraining);
        NDArray y = Layers.release(b, Activation.relu(b));
        y = Layers.release(y, Pool.maxPool2d(y, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), config.ceilMode()));
        List<NDArray> out = new ArrayList<>(4);
        for (Stage stage : stageBlocks) {
            y = Layers.call(stage, ps, y, training);
            out.add(y);
        }
        return out;
    }

    @Override
    protected NDList run(ParameterStore ps, NDList inputs, boolean training) {
        return new NDList(stages(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public List<ConvBn> convBns() {
        return List.of(stem);
    }

    /** torchvision parameter names ({@code conv1.weight}, {@code layer1.0.downsample.1.running_mean}, …). */
    public Map<String, Parameter> torchNames() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        Layers.torchConv(out, "conv1", conv1);
        Layers.torchBn(out, "bn1", bn1);
        for (int s = 0; s < layers.size(); s++) {
            for (int b = 0; b < layers.get(s).size(); b++) {
                layers.get(s).get(b).torchNames(out, "layer" + (s + 1) + "." + b);
            }
        }
        return out;
    }

    /** A named list of residual blocks (torchvision's nn.Sequential layerN). */
    private static final class Stage extends Net {
        private final List<Residual> blocks = new ArrayList<>();

        Residual add(String name, Residual r) {
            blocks.add(addChildBlock(name, r));
            return r;
        }

        @Override
        protected NDList run(ParameterStore ps, NDList inputs, boolean training) {
            return new NDList(Layers.chain(blocks, ps, inputs.singletonOrThrow(), training));
        }
    }

    /** BasicBlock or Bottleneck with identity or (1x1 conv, BN) shortcut. */
    private static final class Residual extends Net implements ConvBn.Holder {
        private final boolean frozenBn;
        private final Block[] convs;
        private final Block[] bns;
        private final Block downConv;
        private final Block downBn;
        private final List<ConvBn> pairs = new ArrayList<>(); // conv1/bn1 … [, downsample]

        Residual(boolean bottleneck, int planes, int out, int stride, int dilation, boolean down, boolean strideOnConv1, boolean frozenBn) {
            this.frozenBn = frozenBn;
            int n = bottleneck ? 3 : 2;
            convs = new Block[n];
            bns = new Block[n];
            for (int i = 0; i < n; i++) {
                Block conv;
                if (bottleneck) {
                    conv = switch (i) {
                        case 0 -> Layers.conv(planes, 1, strideOnConv1 ? stride : 1, 0, 1, false);
                        case 1 -> Layers.conv(planes, 3, strideOnConv1 ? 1 : stride, dilation, dilation, false);
                        default -> Layers.conv(out, 1, 1, 0, 1, false);
                    };
                } else {
                    conv = Layers.conv(planes, 3, i == 0 ? stride : 1, dilation, dilation, false);
                }
                convs[i] = addChildBlock("conv" + (i + 1), conv);
                bns[i] = addChildBlock("bn" + (i + 1), Layers.bn());
                pairs.add(new ConvBn(convs[i], bns[i]));
            }
            if (down) {
                downConv = addChildBlock("downsample.0", Layers.conv(out, 1, stride, 0, 1, false));
                downBn = addChildBlock("downsample.1", Layers.bn());
                pairs.add(new ConvBn(downConv, downBn));
            } else {
                downConv = null;
                downBn = null;
            }
        }

        @Override
        protected NDList run(ParameterStore ps, NDList inputs, boolean training) {
            boolean bnTraining = training && !frozenBn;
            NDArray x = inputs.singletonOrThrow();
            NDArray y = x;
            for (int i = 0; i < convs.length; i++) {
                NDArray next = pairs.get(i).forward(ps, y, training, bnTraining);
                if (y != x) {
                    y.close();
                }
                y = next;
                if (i < convs.length - 1) {
                    y = Layers.release(y, Activation.relu(y));
                }
            }
            NDArray shortcut = x;
            if (downConv != null) {
                shortcut = pairs.get(convs.length).forward(ps, x, training, bnTraining);
            }
            NDArray sum = Layers.release(y, y.add(shortcut));
            if (shortcut != x) {
                shortcut.close();
            }
            return new NDList(Layers.release(sum, Activation.relu(sum)));
        }

        @Override
        public List<ConvBn> convBns() {
            return pairs;
        }

        void torchNames(Map<String, Parameter> out, String prefix) {
            for (int i = 0; i < convs.length; i++) {
                Layers.torchConv(out, prefix + ".conv" + (i + 1), convs[i]);
                Layers.torchBn(out, prefix + ".bn" + (i + 1), bns[i]);
            }
            if (downConv != null) {
                Layers.torchConv(out, prefix + ".downsample.0", downConv);
                Layers.torchBn(out, prefix + ".downsample.1", downBn);
            }
        }
    }
}
