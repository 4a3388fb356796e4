package org.segadapt.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class BiSeNetTest {
    private static SegmentationModel newModel(NDManager m, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        SegmentationModel model = Models.create("bisenet", 19);
        Models.initialize(model, m);
        return model;
    }

    @Test
    void forwardReleasesItsIntermediates() {
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationModel model = newModel(m, 3);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomUniform(0f, 1f, new Shape(2, 3, 64, 96));
            try (NDManager step = m.newSubManager()) {
                NDArray images = x.duplicate();
                images.attach(step);
                SegmentationModel.Output out = model.run(ps, images, false);
                // without Layers.release DJL keeps every array of the pass alive until the manager closes
                assertThat(((BaseNDManager) step).getManagedArrays()).hasSizeLessThan(40);
                assertThat(out.logits().isReleased()).isFalse();
                assertThat(out.features()).hasSize(4).allMatch(a -> !a.isReleased());
            }
        }
    }

    @Test
    void shapesParameterCountAndAuxiliaryHeads() {
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationModel model = newModel(m, 1);
            long params = ModelTesting.parameterCount(model, false);
            System.out.println("bisenet parameters: " + params);
            // TUFL Table VII lists BiSeNet at 13M; ResNet-18 alone is 11.18M
            assertThat(params).isBetween(12_800_000L, 13_900_000L);
            var names = ((BiSeNet) model).torchNames();
            assertThat(names).hasSize(model.getParameters().size()).containsKeys("cp.resnet.layer4.1.bn2.running_var",
                    "cp.arm16.conv_atten.weight", "cp.arm32.bn_atten.bias", "cp.conv_avg.conv.weight", "sp.conv_out.bn.weight",
                    "ffm.conv2.weight", "conv_out.conv_out.weight", "conv_out16.conv.bn.running_mean");
            assertThat(names.get("cp.arm16.conv.conv.weight").getArray().getShape()).isEqualTo(new Shape(128, 256, 3, 3));
            assertThat(names.get("conv_out32.conv_out.weight").getArray().getShape()).isEqualTo(new Shape(19, 64, 1, 1));
            assertThat(names.values()).doesNotHaveDuplicates();
            NDArray x = m.randomUniform(0f, 1f, new Shape(2, 3, 64, 96));
            SegmentationModel.Output train = model.run(new ParameterStore(m, false), x, true);
            assertThat(train.logits().getShape()).isEqualTo(new Shape(2, 19, 64, 96));
            assertThat(train.auxLogits()).extracting(NDArray::getShape)
                    .containsExactly(new Shape(2, 19, 64, 96), new Shape(2, 19, 64, 96));
            assertThat(train.features().get(0).getShape()).isEqualTo(new Shape(2, 64, 16, 24));
            assertThat(train.features().get(1).getShape()).isEqualTo(new Shape(2, 128, 8, 12));
            SegmentationModel.Output eval = model.run(new ParameterStore(m, false), x, false);
            assertThat(eval.auxLogits()).isEmpty();
            assertThat(model.isEncoderParameter(model.getParameters().keys().get(0))).isTrue();
            assertThat(model.isEncoderParameter(model.getParameters().keys().get(model.getParameters().size() - 1))).isFalse();
        }
    }

    @Test
    void evalKeepsRunningStatsAndCheckpointRoundTrips() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationModel a = newModel(m, 2);
            NDArray x = m.randomUniform(0f, 1f, new Shape(2, 3, 32, 64));
            List<float[]> before = ModelTesting.runningStats(a);
            a.run(new ParameterStore(m, false), x, false);
            List<float[]> after = ModelTesting.runningStats(a);
            for (int i = 0; i < before.size(); i++) {
                assertThat(after.get(i)).containsExactly(before.get(i));
            }
            float loss0 = ModelTesting.sgdStep(a, m, x, m.zeros(new Shape(2, 32, 64), DataType.INT32), 0.01f);
            assertThat(ModelTesting.runningStats(a).get(0)).isNotEqualTo(before.get(0));
            assertThat(loss0).isFinite();
            byte[] bytes = ModelTesting.save(a);
            SegmentationModel b = Models.create("bisenet", 19);
            ModelTesting.load(b, m, bytes);
            assertThat(ModelTesting.inferLogits(b, m, x)).containsExactly(ModelTesting.inferLogits(a, m, x));
        }
    }

    /** Benchmark: {@code -Dsegadapt.bench=true}. */
    @Test
    @EnabledIfSystemProperty(named = "segadapt.bench", matches = "true")
    void stepTime() {
        ModelBench.time("bisenet", 2, 256, 512, 3);
    }
}
