package org.segadapt.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeepLabV2Test {
    @Test
    void shapesNamesInitialisationAndFrozenBatchNorm() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            DeepLabV2 model = (DeepLabV2) Models.create("deeplabv2", 19);
            Models.initialize(model, m);
            assertThat(model.inputNorm()).isEqualTo(InputNorm.CAFFE_BGR);
            long params = ModelTesting.parameterCount(model, false);
            System.out.println("deeplabv2 parameters: " + params);
            // torchvision ResNet-101 without fc (42,500,160) + 4 x (2048·19·9 + 19)
            assertThat(params).isEqualTo(42_500_160L + 4L * (2048 * 19 * 9 + 19));
            Map<String, Parameter> names = model.torchNames();
            assertThat(names).containsKeys("conv1.weight", "layer4.2.bn3.running_var", "layer5.conv2d_list.3.weight", "layer5.conv2d_list.0.bias");
            assertThat(names.get("layer5.conv2d_list.2.weight").getArray().getShape()).isEqualTo(new Shape(19, 2048, 3, 3));
            assertThat(names).hasSize(model.getParameters().size());
            // AdaptSegNet's classifier init N(0, 0.01)
            NDArray w = names.get("layer5.conv2d_list.1.weight").getArray();
            assertThat(w.pow(2).mean().sqrt().getFloat()).isCloseTo(0.01f, within(0.0005f));

            NDArray x = m.randomUniform(0f, 1f, new Shape(1, 3, 41, 57));
            SegmentationModel.Output train = model.run(new ParameterStore(m, false), x, true);
            assertThat(train.logits().getShape()).isEqualTo(new Shape(1, 19, 41, 57));
            assertThat(train.auxLogits()).isEmpty();
            // output stride 8 with ceil-mode pooling: 41 -> 21 -> 11 -> 6; 57 -> 29 -> 15 -> 8
            assertThat(train.features().get(3).getShape()).isEqualTo(new Shape(1, 2048, 6, 8));
            // frozen BatchNorm: training and inference passes agree, γ/β are not trainable
            float[] eval = model.run(new ParameterStore(m, false), x, false).logits().toFloatArray();
            assertThat(train.logits().toFloatArray()).containsExactly(eval);
            assertThat(names.get("layer2.0.bn1.weight").requiresGradient()).isFalse();
            assertThat(model.isEncoderParameter(model.getParameters().keys().get(0))).isTrue();
            assertThat(model.isEncoderParameter(model.getParameters().keys().get(model.getParameters().size() - 1))).isFalse();
        }
    }

    /** The classifier is linear in its branches: full logits = Σ logits with only branch i kept (all four count). */
    @Test
    void asppSumsAllFourBranches() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(2);
            DeepLabV2 model = (DeepLabV2) Models.create("deeplabv2", 3);
            Models.initialize(model, m);
            Map<String, Parameter> names = model.torchNames();
            NDArray x = m.randomUniform(0f, 1f, new Shape(1, 3, 17, 17));
            float[] full = ModelTesting.inferLogits(model, m, x);
            float[] sum = new float[full.length];
            NDArray[] saved = new NDArray[8];
            for (int i = 0; i < 4; i++) {
                saved[2 * i] = names.get("layer5.conv2d_list." + i + ".weight").getArray().duplicate();
                saved[2 * i + 1] = names.get("layer5.conv2d_list." + i + ".bias").getArray().duplicate();
                // make the biases count too
                names.get("layer5.conv2d_list." + i + ".bias").getArray().addi(0.1f * (i + 1));
                saved[2 * i + 1].addi(0.1f * (i + 1));
            }
            full = ModelTesting.inferLogits(model, m, x);
            for (int keep = 0; keep < 4; keep++) {
                for (int i = 0; i < 4; i++) {
                    for (int k = 0; k < 2; k++) {
                        NDArray a = names.get("layer5.conv2d_list." + i + (k == 0 ? ".weight" : ".bias")).getArray();
                        a.subi(a);
                        if (i == keep) {
                            a.addi(saved[2 * i + k]);
                        }
                    }
                }
                float[] part = ModelTesting.inferLogits(model, m, x);
                for (int j = 0; j < sum.length; j++) {
                    sum[j] += part[j];
                }
            }
            // random weights + frozen unit BatchNorm let activations grow through 33 blocks: compare relatively
            float scale = 0;
            for (float v : full) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertThat(scale).isPositive();
            assertThat(sum).containsExactly(full, within(scale * 1e-5f));
        }
    }
}
