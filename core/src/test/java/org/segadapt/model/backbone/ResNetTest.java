package org.segadapt.model.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResNetTest {
    private static long trainable(Map<String, Parameter> names) {
        return names.entrySet().stream()
                .filter(e -> !e.getKey().endsWith("running_mean") && !e.getKey().endsWith("running_var"))
                .mapToLong(e -> e.getValue().getArray().size())
                .sum();
    }

    @Test
    void resnet18MatchesTorchvisionStructure() {
        try (NDManager m = NDManager.newBaseManager()) {
            ResNet net = ResNet.resnet18();
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 96));
            List<NDArray> s = net.stages(new ParameterStore(m, false), m.randomNormal(new Shape(2, 3, 64, 96)), true);
            assertThat(s).extracting(NDArray::getShape).containsExactly(
                    new Shape(2, 64, 16, 24), new Shape(2, 128, 8, 12), new Shape(2, 256, 4, 6), new Shape(2, 512, 2, 3));
            Map<String, Parameter> names = net.torchNames();
            // torchvision resnet18 state_dict without fc.* and num_batches_tracked: 100 tensors, 11,176,512 weights
            assertThat(names).hasSize(100).containsKeys("conv1.weight", "bn1.running_mean", "layer1.0.conv1.weight",
                    "layer2.0.downsample.0.weight", "layer2.0.downsample.1.running_var", "layer4.1.bn2.bias");
            assertThat(names).doesNotContainKey("layer1.0.downsample.0.weight");
            assertThat(trainable(names)).isEqualTo(11_176_512L);
            assertThat(names.get("layer3.0.conv1.weight").getArray().getShape()).isEqualTo(new Shape(256, 128, 3, 3));
            assertThat(names.get("layer3.0.downsample.0.weight").getArray().getShape()).isEqualTo(new Shape(256, 128, 1, 1));
            assertThat(net.getParameters().size()).isEqualTo(names.size());
        }
    }

    @Test
    void resnet101DeepLabHasOutputStride8AndFrozenBatchNorm() {
        try (NDManager m = NDManager.newBaseManager()) {
            ResNet net = ResNet.resnet101DeepLab();
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 65, 65));
            Map<String, Parameter> names = net.torchNames();
            // torchvision resnet101 without fc: 42,500,160 weights (the Caffe stride placement changes no shape)
            assertThat(trainable(names)).isEqualTo(42_500_160L);
            assertThat(names.get("layer3.0.conv1.weight").getArray().getShape()).isEqualTo(new Shape(256, 512, 1, 1));
            assertThat(names.get("bn1.weight").requiresGradient()).isFalse();
            assertThat(names.get("layer4.2.conv3.weight").requiresGradient()).isTrue();
            // ceil-mode pool: 65 -> conv 33 -> pool ceil((33+2-3)/2)+1 = 17 -> layer2 9 -> 9 -> 9
            List<NDArray> s = net.stages(new ParameterStore(m, false), m.randomNormal(new Shape(1, 3, 65, 65)), true);
            assertThat(s).extracting(NDArray::getShape).containsExactly(
                    new Shape(1, 256, 17, 17), new Shape(1, 512, 9, 9), new Shape(1, 1024, 9, 9), new Shape(1, 2048, 9, 9));
            // frozen BatchNorm: a training pass leaves running statistics alone
            assertThat(names.get("bn1.running_mean").getArray().toFloatArray()).containsOnly(0f);
            assertThat(names.get("layer3.5.bn2.running_var").getArray().toFloatArray()).containsOnly(1f);
        }
    }
}
