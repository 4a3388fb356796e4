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
import org.segadapt.model.layers.Layers;
import org.segadapt.model.layers.Net;

/**
 * CycleGAN's ResnetGenerator (instance norm, no dropout, reflection padding), images in [−1, 1] to images in [−1, 1]:
 * <pre>
 *   pad 3, 7×7 conv → ngf, IN, ReLU
 *   3×3/2 conv → 2·ngf, IN, ReLU;  3×3/2 conv → 4·ngf, IN, ReLU
 *   n residual blocks at 4·ngf: x + IN(conv3(pad1(ReLU(IN(conv3(pad1(x)))))))
 *   3×3/2 transposed conv (output padding 1) → 2·ngf, IN, ReLU;  → ngf, IN, ReLU
 *   pad 3, 7×7 conv → 3, tanh
 * </pre>
 * Every convolution has a bias (the official code's use_bias under instance norm). The official layout is ngf = 64 with
 * 9 blocks; {@link Layout#SMALL} trains on a CPU in minutes. Height and width must be multiples of 4.
 */
public final class ResnetGenerator extends Net {
    /** ngf and the number of residual blocks. */
    public record Layout(int width, int blocks) {
        public static final Layout OFFICIAL = new Layout(64, 9), SMALL = new Layout(16, 3);

        public Layout {
            if (width < 1 || blocks < 0) {
                throw new IllegalArgumentException("generator width must be >= 1 and blocks >= 0, got " + width + "x" + blocks);
            }
        }

        /** {@code official} (resnet_9blocks, ngf 64), {@code small}, or {@code WIDTHxBLOCKS}. */
        public static Layout named(String name) {
            return switch (name) {
                case "official", "resnet9" -> OFFICIAL;
                case "small" -> SMALL;
                default -> {
                    String[] p = name.split("x");
                    try {
                        if (p.length == 2) {
                            yield new Layout(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
                        }
                    } catch (NumberFormatException ignored) {
                        // below
                    }
                    throw new IllegalArgumentException("--generator must be official, small or WIDTHxBLOCKS, got '" + name + "'");
                }
            };
        }

        public String label() {
            return equals(OFFICIAL) ? "official" : equals(SMALL) ? "small" : width + "x" + blocks;
        }
    }

    private final Layout layout;
    private final Block first, down1, down2, up1, up2, last;
    private final List<Block[]> residual = new ArrayList<>();

    public ResnetGenerator(Layout layout) {
        this.layout = layout;
        int f = layout.width();
        first = addChildBlock("first", Layers.conv(f, 7, 1, 0, 1, true));
        down1 = addChildBlock("down1", Layers.conv(2 * f, 3, 2, 1, 1, true));
        down2 = addChildBlock("down2", Layers.conv(4 * f, 3, 2, 1, 1, true));
        for (int i = 0; i < layout.blocks(); i++) {
            residual.add(new Block[] {addChildBlock("block" + i + "a", Layers.conv(4 * f, 3, 1, 0, 1, true)),
                addChildBlock("block" + i + "b", Layers.conv(4 * f, 3, 1, 0, 1, true))});
        }
        up1 = addChildBlock("up1", transposed(2 * f));
        up2 = addChildBlock("up2", transposed(f));
        last = addChildBlock("last", Layers.conv(3, 7, 1, 0, 1, true));
    }

    private static Block transposed(int filters) {
        return new TransposedConv(filters);
    }

    public Layout layout() {
        return layout;
    }

    /** G(x) for images in [−1, 1], (N, 3, H, W) with H and W multiples of 4. */
    public NDArray generate(ParameterStore ps, NDArray x, boolean training) {
        return run(ps, new NDList(x), training).singletonOrThrow();
    }

    @Override
    protected NDList run(ParameterStore ps, NDList inputs, boolean training) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(1) != 3 || s.get(2) % 4 != 0 || s.get(3) % 4 != 0) {
            throw new IllegalArgumentException("the generator takes (N, 3, H, W) images with H and W multiples of 4, got " + s);
        }
        x = stage(first, ps, Ops.reflectionPad(x, 3), training);
        x = stage(down1, ps, x, training);
        x = stage(down2, ps, x, training);
        for (Block[] b : residual) {
            NDArray y = stage(b[0], ps, Ops.reflectionPad(x, 1), training);
            y = Ops.instanceNorm(Layers.call(b[1], ps, Ops.reflectionPad(y, 1), training));
            x = x.add(y);
        }
        x = stage(up1, ps, x, training);
        x = stage(up2, ps, x, training);
        return new NDList(Layers.call(last, ps, Ops.reflectionPad(x, 3), training).tanh());
    }

    /** conv, instance norm, ReLU. */
    private static NDArray stage(Block conv, ParameterStore ps, NDArray x, boolean training) {
        return Activation.relu(Ops.instanceNorm(Layers.call(conv, ps, x, training)));
    }

    /** The official state-dict names: {@code model.1.weight} … {@code model.10.conv_block.5.bias} … {@code model.26.bias} (9 blocks). */
    public Map<String, Parameter> torchNames() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        Layers.torchConv(out, "model.1", first);
        Layers.torchConv(out, "model.4", down1);
        Layers.torchConv(out, "model.7", down2);
        int i = 10;
        for (Block[] b : residual) {
            Layers.torchConv(out, "model." + i + ".conv_block.1", b[0]);
            Layers.torchConv(out, "model." + i + ".conv_block.5", b[1]);
            i++;
        }
        Layers.torchConv(out, "model." + i, up1);
        Layers.torchConv(out, "model." + (i + 3), up2);
        Layers.torchConv(out, "model." + (i + 7), last);
        return out;
    }

    /** An input shape every layer takes, for initialisation. */
    public static Shape initShape() {
        return new Shape(1, 3, 32, 32);
    }
}
