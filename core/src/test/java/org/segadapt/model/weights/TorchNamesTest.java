package org.segadapt.model.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segadapt.model.BiSeNet;
import org.segadapt.model.DeepLabV2;
import org.segadapt.model.Models;
import org.segadapt.model.SegmentationModel;

class TorchNamesTest {
    @TempDir
    Path dir;

    private static void coversEveryParameterOnce(SegmentationModel model, Map<String, Parameter> names) {
        assertThat(names).hasSize(model.getParameters().size());
        assertThat(new HashSet<>(names.values())).hasSize(model.getParameters().size());
    }

    @Test
    void deeplabUsesAdaptSegNetNames() {
        DeepLabV2 model = new DeepLabV2(19);
        Map<String, Parameter> names = TorchNames.of(model);
        coversEveryParameterOnce(model, names);
        assertThat(names).containsKeys("conv1.weight", "bn1.running_var", "layer1.0.downsample.0.weight", "layer1.0.downsample.1.bias",
                "layer3.22.conv3.weight", "layer4.2.bn3.running_mean", "layer5.conv2d_list.0.weight", "layer5.conv2d_list.3.bias");
        // torchvision resnet101: 104 convolutions and 104 BatchNorms of 4 tensors (fc and num_batches_tracked aside)
        assertThat(names.keySet().stream().filter(n -> !n.startsWith("layer5.")).count()).isEqualTo(104 + 4 * 104);
    }

    @Test
    void bisenetUsesCoinCheungNamesAndTheBackboneTorchvisionNames() {
        BiSeNet model = new BiSeNet(19);
        Map<String, Parameter> names = TorchNames.of(model);
        coversEveryParameterOnce(model, names);
        assertThat(names).containsKeys("cp.resnet.conv1.weight", "cp.resnet.layer2.0.downsample.1.running_mean",
                "cp.arm16.conv.conv.weight", "cp.arm16.conv.bn.bias", "cp.arm32.conv_atten.weight", "cp.arm32.bn_atten.running_var",
                "cp.conv_avg.conv.weight", "cp.conv_head16.bn.weight", "sp.conv1.conv.weight", "sp.conv_out.bn.running_mean",
                "ffm.convblk.conv.weight", "ffm.conv1.weight", "ffm.conv2.weight", "conv_out.conv.conv.weight",
                "conv_out.conv_out.weight", "conv_out16.conv.bn.weight", "conv_out32.conv_out.weight");
        Map<String, Parameter> backbone = TorchNames.backbone(model);
        assertThat(backbone).containsKeys("conv1.weight", "layer4.1.bn2.running_var").hasSize(100);
        backbone.forEach((n, p) -> assertThat(names.get("cp.resnet." + n)).isSameAs(p));
        // the generic walk gives the backbone's own torchvision names too (child blocks carry torch names)
        assertThat(TorchNames.walk(model.backbone())).isEqualTo(model.backbone().torchNames());
    }

    @Test
    void smallHasNoBackboneButGenericNames() {
        SegmentationModel model = Models.create("small", 19);
        assertThat(TorchNames.of(model)).containsKeys("stem.conv.weight", "stem.bn.weight", "context.bias", "classifier.weight");
        assertThat(TorchNames.backbone(model)).isNull();
    }

    @Test
    void backboneOnlyLoadsTheResNetFromAnImageNetFileAndIgnoresItsHead() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            BiSeNet source = (BiSeNet) Models.create("bisenet", 19);
            Models.initialize(source, m);
            RawSafetensors imagenet = new RawSafetensors();
            source.backbone().torchNames().forEach((n, p) -> imagenet.f32(n, p.getArray().getShape().getShape(), p.getArray().toFloatArray()));
            imagenet.f32("fc.weight", new long[] {2, 512}, new float[1024]).f32("fc.bias", new long[] {2}, 0f, 0f);
            Path f = dir.resolve("resnet18.safetensors");
            imagenet.write(f);

            Engine.getInstance().setRandomSeed(12);
            BiSeNet target = (BiSeNet) Models.create("bisenet", 19);
            Models.initialize(target, m);
            float[] headBefore = TorchNames.of(target).get("ffm.conv1.weight").getArray().toFloatArray();
            Weights.Report r = Weights.initBackbone(target, f);
            assertThat(r.loaded()).hasSize(100);
            assertThat(r.unexpected()).containsExactly("fc.weight", "fc.bias");
            assertThat(TorchNames.of(target).get("cp.resnet.layer3.1.conv2.weight").getArray().toFloatArray())
                    .isEqualTo(TorchNames.of(source).get("cp.resnet.layer3.1.conv2.weight").getArray().toFloatArray());
            assertThat(TorchNames.of(target).get("ffm.conv1.weight").getArray().toFloatArray()).isEqualTo(headBefore);

            // a full BiSeNet file also serves as a backbone file (prefix cp.resnet. found and stripped)
            Path full = dir.resolve("bisenet.safetensors");
            Weights.save(source, full);
            Weights.Report r2 = Weights.load(target, full, false, true);
            assertThat(r2.strippedPrefix()).isEqualTo("cp.resnet.");
            assertThat(r2.loaded()).hasSize(100);

            // the backbone is strict: a missing ResNet tensor is named
            Path cut = dir.resolve("cut.safetensors");
            RawSafetensors partial = new RawSafetensors();
            source.backbone().torchNames().forEach((n, p) -> {
                if (!n.equals("layer2.1.bn1.running_mean")) {
                    partial.f32(n, p.getArray().getShape().getShape(), p.getArray().toFloatArray());
                }
            });
            partial.write(cut);
            assertThatThrownBy(() -> Weights.initBackbone(target, cut)).isInstanceOf(IncompatibleWeightsException.class)
                    .hasMessageContaining("layer2.1.bn1.running_mean").hasMessageContaining("backbone");
            assertThatThrownBy(() -> Weights.initBackbone(WeightsTest.small(m, 1), cut))
                    .hasMessageContaining("'small' has no pretrained backbone");
        }
    }
}
