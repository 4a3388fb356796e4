package org.segadapt.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchTest {
    @Test
    void stacksSamplesIntoFloatImagesAndIntLabels() {
        Sample a = new Sample("a", 1, 2, new float[] {1, 2, 3, 4, 5, 6}, new byte[] {0, (byte) 255});
        Sample b = new Sample("b", 1, 2, new float[] {7, 8, 9, 10, 11, 12}, new byte[] {18, 3});
        Batch batch = Batch.of(List.of(a, b));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray images = batch.images(m);
            NDArray labels = batch.labels(m);
            assertThat(images.getShape()).isEqualTo(new Shape(2, 3, 1, 2));
            assertThat(images.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(images.get(1, 2, 0, 1).getFloat()).isEqualTo(12f);
            assertThat(labels.getDataType()).isEqualTo(DataType.INT32);
            assertThat(labels.getShape()).isEqualTo(new Shape(2, 1, 2));
            assertThat(labels.toIntArray()).containsExactly(0, 255, 18, 3); // 255 stays 255, not -1
        }
        assertThat(batch.names()).containsExactly("a", "b");
    }

    @Test
    void unlabelledBatchHasNoLabelsAndSizesMustAgree() {
        Sample a = new Sample("a", 1, 1, new float[3], null);
        try (NDManager m = NDManager.newBaseManager()) {
            assertThat(Batch.of(List.of(a)).labels(m)).isNull();
        }
        Sample big = new Sample("big", 2, 1, new float[6], null);
        assertThatThrownBy(() -> Batch.of(List.of(a, big))).hasMessageContaining("big").hasMessageContaining("one batch");
    }
}
