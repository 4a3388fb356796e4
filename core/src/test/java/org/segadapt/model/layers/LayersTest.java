package org.segadapt.model.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayersTest {
    @Test
    void batchNormFollowsPyTorchMomentumAndUnbiasedRunningVariance() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block bn = Layers.bn();
            bn.initialize(m, DataType.FLOAT32, new Shape(4, 1, 1, 1));
            NDArray x = m.create(new float[] {1, 2, 3, 6}, new Shape(4, 1, 1, 1));
            NDArray y = Layers.call(bn, new ParameterStore(m, false), x, true);
            Map<String, Parameter> names = new LinkedHashMap<>();
            Layers.torchBn(names, "bn", bn);
            // torch.nn.BatchNorm2d(1) (momentum 0.1): mean 3, unbiased var 14/3 for the running estimate
            assertThat(names.get("bn.running_mean").getArray().getFloat(0)).isCloseTo(0.3f, within(1e-6f));
            assertThat(names.get("bn.running_var").getArray().getFloat(0)).isCloseTo(0.9f + 0.1f * 14f / 3f, within(1e-5f));
            // the output uses the biased batch variance 3.5
            assertThat(y.toFloatArray()).containsExactly(new float[] {
                (float) (-2 / Math.sqrt(3.5 + 1e-5)), (float) (-1 / Math.sqrt(3.5 + 1e-5)), 0f, (float) (3 / Math.sqrt(3.5 + 1e-5))}, within(1e-5f));
            // inference uses (and keeps) the running statistics
            NDArray z = Layers.call(bn, new ParameterStore(m, false), x, false);
            assertThat(z.getFloat(0, 0, 0, 0)).isCloseTo((float) ((1 - 0.3) / Math.sqrt(0.9 + 0.1 * 14 / 3.0 + 1e-5)), within(1e-5f));
            assertThat(names.get("bn.running_mean").getArray().getFloat(0)).isCloseTo(0.3f, within(1e-6f));
            assertThat(names).containsOnlyKeys("bn.weight", "bn.bias", "bn.running_mean", "bn.running_var");
        }
    }

    @Test
    void convOutputShapesFollowPaddingStrideDilation() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block c = new ConvBnRelu(8, 3, 2, 2, 2, true);
            NDArray y = Layers.call(c, new ParameterStore(m, false), m.randomNormal(new Shape(2, 3, 17, 10)), false);
            // out = floor((in + 2p − d(k−1) − 1)/s) + 1: 17 -> 9, 10 -> 5
            assertThat(y.getShape()).isEqualTo(new Shape(2, 8, 9, 5));
            assertThat(y.min().getFloat()).isGreaterThanOrEqualTo(0f);
        }
    }
}
