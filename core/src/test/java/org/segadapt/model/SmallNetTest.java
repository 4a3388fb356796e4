package org.segadapt.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class SmallNetTest {
    private static SegmentationModel newModel(NDManager m, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        SegmentationModel model = Models.create("small", 19);
        Models.initialize(model, m);
        return model;
    }

    @Test
    void shapesOfLogitsAndFeatures() {
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationModel model = newModel(m, 1);
            assertThat(model.kind()).isEqualTo("small");
            NDArray x = m.randomUniform(0f, 1f, new Shape(2, 3, 48, 80));
            SegmentationModel.Output o = model.run(new ParameterStore(m, false), x, true);
            assertThat(o.logits().getShape()).isEqualTo(new Shape(2, 19, 48, 80));
            assertThat(o.auxLogits()).isEmpty();
            assertThat(o.features()).hasSize(2);
            assertThat(o.features().get(0).getShape()).isEqualTo(new Shape(2, 32, 12, 20));
            assertThat(o.features().get(1).getShape()).isEqualTo(new Shape(2, 64, 6, 10));
            System.out.println("small parameters: " + ModelTesting.parameterCount(model, false));
        }
    }

    @Test
    void sgdStepsLowerCrossEntropyOnAFixedBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationModel model = newModel(m, 2);
            NDArray x = m.randomUniform(0f, 1f, new Shape(2, 3, 32, 64));
            // labels that depend on the image: class = quantised red channel
            NDArray y = x.get(":, 0, :, :").mul(5f).floor().toType(DataType.INT32, false);
            float first = ModelTesting.sgdStep(model, m, x, y, 0.05f);
            float last = first;
            for (int i = 0; i < 12; i++) {
                last = ModelTesting.sgdStep(model, m, x, y, 0.05f);
            }
            assertThat(first).isGreaterThan((float) Math.log(19) * 0.5f);
            assertThat(last).isLessThan(first * 0.8f);
        }
    }

    @Test
    void evaluationNeverUpdatesRunningStatistics() {
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationModel model = newModel(m, 3);
            NDArray x = m.randomUniform(0f, 1f, new Shape(2, 3, 32, 32));
            List<float[]> before = ModelTesting.runningStats(model);
            model.run(new ParameterStore(m, false), x, false);
            List<float[]> afterEval = ModelTesting.runningStats(model);
            for (int i = 0; i < before.size(); i++) {
                assertThat(afterEval.get(i)).containsExactly(before.get(i));
            }
            model.run(new ParameterStore(m, false), x, true);
            List<float[]> afterTrain = ModelTesting.runningStats(model);
            // the training pass must move them (so the check above can fail)
            assertThat(afterTrain.get(0)).isNotEqualTo(before.get(0));
        }
    }

    @Test
    void saveLoadRoundTripGivesIdenticalLogits() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationModel a = newModel(m, 4);
            NDArray x = m.randomUniform(0f, 1f, new Shape(2, 3, 32, 32));
            ModelTesting.sgdStep(a, m, x, m.zeros(new Shape(2, 32, 32), DataType.INT32), 0.01f); // move stats
            byte[] bytes = ModelTesting.save(a);
            SegmentationModel b = newModel(m, 99);
            assertThat(ModelTesting.inferLogits(b, m, x)).isNotEqualTo(ModelTesting.inferLogits(a, m, x));
            ModelTesting.load(b, m, bytes);
            assertThat(ModelTesting.inferLogits(b, m, x)).containsExactly(ModelTesting.inferLogits(a, m, x));
            SegmentationModel fresh = Models.create("small", 19);
            ModelTesting.load(fresh, m, bytes);
            assertThat(ModelTesting.inferLogits(fresh, m, x)).containsExactly(ModelTesting.inferLogits(a, m, x));
        }
    }

    @Test
    void checkpointCarriesKindClassesAndInputNorm() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationModel a = newModel(m, 6);
            a.setInputNorm(InputNorm.CAFFE_BGR);
            byte[] bytes = ModelTesting.save(a);
            SegmentationModel b = Models.create("small", 19);
            ModelTesting.load(b, m, bytes);
            assertThat(b.inputNorm()).isEqualTo(InputNorm.CAFFE_BGR);
            assertThatThrownBy(() -> ModelTesting.load(Models.create("small", 16), m, bytes))
                    .isInstanceOf(ai.djl.MalformedModelException.class)
                    .hasMessageContaining("'small' model with 19 classes, expected 'small' with 16");
            assertThatThrownBy(() -> ModelTesting.load(Models.create("bisenet", 19), m, bytes))
                    .isInstanceOf(ai.djl.MalformedModelException.class)
                    .hasMessageContaining("'small'").hasMessageContaining("'bisenet'");
        }
    }

    @Test
    void initialisationIsDeterministicUnderTheSeed() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0f, 1f, new Shape(1, 3, 32, 32));
            float[] a = ModelTesting.inferLogits(newModel(m, 7), m, x);
            float[] b = ModelTesting.inferLogits(newModel(m, 7), m, x);
            assertThat(a).containsExactly(b);
        }
    }

    @Test
    void encoderParametersAreTheEncoders() {
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationModel model = newModel(m, 5);
            long enc = 0;
            long dec = 0;
            for (var p : model.getParameters()) {
                if (model.isEncoderParameter(p.getKey())) {
                    enc++;
                    assertThat(p.getKey()).doesNotContain("classifier", "fuse", "project");
                } else {
                    dec++;
                }
            }
            assertThat(enc).isPositive();
            assertThat(dec).isPositive();
        }
    }

    @Test
    void unknownKindIsRejected() {
        assertThatThrownBy(() -> Models.create("unet", 19)).hasMessageContaining("unet");
    }

    /** Benchmark: {@code -Dsegadapt.bench=true}. */
    @Test
    @EnabledIfSystemProperty(named = "segadapt.bench", matches = "true")
    void stepTime() {
        ModelBench.time("small", 8, 128, 256, 5);
        ModelBench.time("small", 2, 256, 512, 5);
    }
}
