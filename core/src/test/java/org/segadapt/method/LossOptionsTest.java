package org.segadapt.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.segadapt.loss.CrossEntropy;
import org.segadapt.model.SegmentationModel;

/** The reference's --sup_mode deep: L_s averaged over the three heads, L_m on the main head only. */
class LossOptionsTest {
    @Test
    void headAveragingAveragesLsAndKeepsLmOnTheMainHead() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray labels = m.create(new int[] {0, 1}, new Shape(1, 1, 2));
            NDArray main = m.create(new float[] {0, 0, 0, 0}, new Shape(1, 2, 1, 2)); // CE ln 2 at both pixels
            NDArray aux1 = m.create(new float[] {2, 0, 0, 0}, new Shape(1, 2, 1, 2));
            NDArray aux2 = m.create(new float[] {0, 0, 0, 3}, new Shape(1, 2, 1, 2));
            var out = new SegmentationModel.Output(main, List.of(aux1, aux2), List.of());
            float ce0 = CrossEntropy.compute(main, labels).getFloat(), ce1 = CrossEntropy.compute(aux1, labels).getFloat(),
                    ce2 = CrossEntropy.compute(aux2, labels).getFloat();
            assertThat(LossOptions.PAPER.supervised(out, labels).getFloat()).isCloseTo(ce0 + ce1 + ce2, offset(1e-6f));
            LossOptions deep = new LossOptions("none", 0, true);
            assertThat(deep.supervised(out, labels).getFloat()).isCloseTo((ce0 + ce1 + ce2) / 3, offset(1e-6f));
            NDArray w = m.create(new float[] {1, 1}, new Shape(1, 1, 2));
            assertThat(deep.mixed(out, labels, w).getFloat()).isCloseTo(ce0, offset(1e-6f));
            assertThat(LossOptions.PAPER.mixed(out, labels, w).getFloat()).isCloseTo(ce0 + ce1 + ce2, offset(1e-6f));
            assertThat(deep.unsupervisedHeads(out)).hasSize(3);
            assertThat(LossOptions.PAPER.unsupervisedHeads(out)).containsExactly(main);
        }
    }
}
