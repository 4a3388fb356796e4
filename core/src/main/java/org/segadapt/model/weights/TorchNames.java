package org.segadapt.model.weights;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.segadapt.model.BiSeNet;
import org.segadapt.model.DeepLabV2;
import org.segadapt.model.SegmentationModel;
import org.segadapt.model.backbone.ResNet;

/**
 * PyTorch state-dict names of a model's parameters, so that weights trained in the Python repositories load
 * here and ours load there. DeepLab-v2 and BiSeNet name their own ({@code torchNames()}, next to their layers);
 * this class picks the table and names any other model generically.
 *
 * <ul>
 *   <li>deeplabv2: AdaptSegNet/ADVENT's {@code Res_Deeplab} — torchvision ResNet names ({@code conv1.weight},
 *       {@code layer3.4.bn2.running_var}, {@code layer1.0.downsample.0.weight}) and {@code layer5.conv2d_list.{0..3}.weight|bias};
 *   <li>bisenet: CoinCheung/BiSeNet v1 ({@code cp.resnet.*}, {@code cp.arm16.conv.conv.weight},
 *       {@code cp.arm16.conv_atten.weight}, {@code cp.arm16.bn_atten.*}, {@code sp.conv1.conv.weight},
 *       {@code ffm.convblk.bn.weight}, {@code ffm.conv1.weight}, {@code conv_out.conv_out.weight}, …);
 *   <li>any other model: the block tree's child names joined with '.'.
 * </ul>
 * BatchNorm's γ, β, running mean and variance are {@code weight}, {@code bias}, {@code running_mean},
 * {@code running_var}; PyTorch's {@code num_batches_tracked} has no counterpart and is neither read nor written.
 */
public final class TorchNames {
    private TorchNames() {}

    /** Every parameter of {@code model} under its PyTorch name (the order of export files). */
    public static Map<String, Parameter> of(SegmentationModel model) {
        if (model instanceof DeepLabV2 d) {
            return d.torchNames();
        }
        if (model instanceof BiSeNet b) {
            return b.torchNames();
        }
        return walk(model);
    }

    /**
     * The pretrained backbone's parameters under torchvision's names (as in an ImageNet checkpoint), or null if the
     * model has no such backbone.
     */
    public static Map<String, Parameter> backbone(SegmentationModel model) {
        ResNet r = model instanceof DeepLabV2 d ? d.backbone() : model instanceof BiSeNet b ? b.backbone() : null;
        return r == null ? null : r.torchNames();
    }

    /** Names from the block tree: DJL's child keys ({@code 01conv1}) without their order prefix, joined with '.'. */
    public static Map<String, Parameter> walk(Block block) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        walk(block, "", out);
        return out;
    }

    private static void walk(Block block, String prefix, Map<String, Parameter> out) {
        for (var p : block.getDirectParameters()) {
            out.put(prefix + parameterName(p.getKey()), p.getValue());
        }
        for (var c : block.getChildren()) {
            walk(c.getValue(), prefix + c.getKey().substring(2) + ".", out);
        }
    }

    /** DJL's parameter names to PyTorch's (convolutions already say weight/bias). */
    static String parameterName(String djl) {
        return switch (djl) {
            case "gamma" -> "weight";
            case "beta" -> "bias";
            case "runningMean" -> "running_mean";
            case "runningVar" -> "running_var";
            default -> djl;
        };
    }
}
