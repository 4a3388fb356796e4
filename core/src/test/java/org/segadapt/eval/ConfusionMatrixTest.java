package org.segadapt.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.segadapt.data.labels.ClassSet;

class ConfusionMatrixTest {
    private static byte[] b(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) v[i];
        }
        return out;
    }

    @Test
    void iouAndAccuracyOnAHandComputedCase() {
        // gt:   road road road car  car  sky  255
        // pred: road road car  car  road sky  car
        ConfusionMatrix cm = new ConfusionMatrix();
        cm.add(b(0, 0, 0, 13, 13, 10, 255), b(0, 0, 13, 13, 0, 10, 13));
        // road: tp 2, fn 1 (->car), fp 1 (car->road) => 2/4
        assertThat(cm.iou(0, ClassSet.CITYSCAPES_19)).isCloseTo(0.5, within(1e-12));
        // car: tp 1, fn 1, fp 1 => 1/3 ; the ignore pixel is not a false positive
        assertThat(cm.iou(13, ClassSet.CITYSCAPES_19)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(cm.iou(10, ClassSet.CITYSCAPES_19)).isEqualTo(1.0);
        assertThat(cm.iou(5, ClassSet.CITYSCAPES_19)).isNaN();
        assertThat(cm.pixelAccuracy(ClassSet.CITYSCAPES_19)).isCloseTo(4.0 / 6, within(1e-12));

        IoUReport r = IoUReport.of(cm, ClassSet.CITYSCAPES_19, 1);
        // mean over classes present: (50 + 33.33 + 100)/3
        assertThat(r.mIoU()).isCloseTo(61.11, within(0.01));
        assertThat(r.perClass()).hasSize(19).containsEntry("pole", null);
        assertThat(r.pixelAccuracy()).isCloseTo(66.67, within(0.01));
    }

    @Test
    void excludedClassesAreIgnoredInTheSixteenAndThirteenClassProtocols() {
        // gt terrain(9) and truck(14) are outside SYNTHIA_16; wall(3) is outside SYNTHIA_13 only.
        // gt:   terrain truck road road wall wall
        // pred: road    road  road terr wall road
        ConfusionMatrix cm = new ConfusionMatrix();
        cm.add(b(9, 14, 0, 0, 3, 3), b(0, 0, 0, 9, 3, 0));
        // 19 classes: road tp1 fn1(->terrain) fp3 (terrain, truck, wall) => 1/5
        assertThat(cm.iou(0, ClassSet.CITYSCAPES_19)).isCloseTo(0.2, within(1e-12));
        // 16 classes: terrain/truck ground truth ignored: road tp1 fn1 fp1(wall) => 1/3;
        // the road pixel predicted terrain is still a miss.
        assertThat(cm.iou(0, ClassSet.SYNTHIA_16)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(cm.iou(3, ClassSet.SYNTHIA_16)).isCloseTo(0.5, within(1e-12));
        // 13 classes: wall ground truth ignored as well: road tp1 fn1 fp0 => 1/2
        assertThat(cm.iou(0, ClassSet.SYNTHIA_13)).isCloseTo(0.5, within(1e-12));
        IoUReport r13 = IoUReport.of(cm, ClassSet.SYNTHIA_13, 1);
        assertThat(r13.classes()).isEqualTo(13);
        assertThat(r13.perClass()).doesNotContainKeys("wall", "terrain", "truck", "fence", "pole", "train");
        assertThat(r13.mIoU()).isCloseTo(50.0, within(1e-9));
        assertThat(r13.pixelAccuracy()).isCloseTo(50.0, within(1e-9));
        assertThat(IoUReport.of(cm, ClassSet.SYNTHIA_16, 1).pixelAccuracy()).isCloseTo(50.0, within(1e-9));
    }
}
