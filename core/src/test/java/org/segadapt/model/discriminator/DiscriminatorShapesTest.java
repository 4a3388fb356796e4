package org.segadapt.model.discriminator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class DiscriminatorShapesTest {
    private static Shape outputShape(int downsampling, Shape input) {
        try (NDManager m = NDManager.newBaseManager()) {
            OutputDiscriminator d = new OutputDiscriminator(downsampling, 64);
            Discriminators.initialize(d, m, OutputDiscriminator.initShape((int) input.get(1)));
            return d.logits(new ParameterStore(m, false), m.randomUniform(0, 1, input), false).getShape();
        }
    }

    @Test
    void outputDiscriminatorDownsamplesSixteenOrThirtyTwoTimes() {
        // 4 stride-2 convs: 32x64 -> 2x4, then the 4x4/1 (pad 1) classifier -> 1x3 (CaDA 16x)
        assertThat(outputShape(16, new Shape(2, 19, 32, 64))).isEqualTo(new Shape(2, 1, 1, 3));
        assertThat(outputShape(16, new Shape(1, 19, 64, 128))).isEqualTo(new Shape(1, 1, 3, 7));
        // AdaptSegNet: a stride-2 classifier too -> exactly /32
        assertThat(outputShape(32, new Shape(2, 19, 64, 128))).isEqualTo(new Shape(2, 1, 2, 4));
    }

    @Test
    void styleDiscriminatorGivesPatchLogitsOverTheChannelAxis() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (int[] c : new int[][] {{32, 3}, {64, 7}, {256, 31}}) {
                StyleDiscriminator d = new StyleDiscriminator();
                Discriminators.initialize(d, m, StyleDiscriminator.initShape(c[0]));
                var y = d.logits(new ParameterStore(m, false), m.randomNormal(new Shape(3, c[0])), false);
                assertThat(y.getShape()).isEqualTo(new Shape(3, 1, c[1]));
            }
            assertThat(new StyleDiscriminator().getChildren().size()).isEqualTo(4); // four 1-D convolutions
        }
    }

    @Test
    void weightsFollowPytorchDefaultBoundsAndBiasesStartAtZero() {
        Engine.getInstance().setRandomSeed(5);
        try (NDManager m = NDManager.newBaseManager()) {
            OutputDiscriminator d = new OutputDiscriminator();
            Discriminators.initialize(d, m, OutputDiscriminator.initShape(19));
            for (var p : d.getParameters()) {
                float[] v = p.getValue().getArray().toFloatArray();
                Shape s = p.getValue().getArray().getShape();
                if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                    double bound = 1 / Math.sqrt((double) s.size() / s.get(0));
                    float max = 0;
                    for (float x : v) {
                        max = Math.max(max, Math.abs(x));
                    }
                    assertThat(max).isLessThanOrEqualTo((float) bound).isGreaterThan((float) (0.9 * bound));
                } else {
                    assertThat(v).containsOnly(0f);
                }
            }
        }
    }

    @Test
    void badInputsAreRejected() {
        assertThatThrownBy(() -> new OutputDiscriminator(24, 64)).hasMessageContaining("power of two");
        assertThatThrownBy(() -> new OutputDiscriminator(64, 64)).hasMessageContaining("2..32");
        try (NDManager m = NDManager.newBaseManager()) {
            StyleDiscriminator d = new StyleDiscriminator();
            Discriminators.initialize(d, m, StyleDiscriminator.initShape(32));
            assertThatThrownBy(() -> d.logits(new ParameterStore(m, false), m.zeros(new Shape(2, 8)), false))
                    .hasMessageContaining("C >= 16");
        }
    }
}
