package org.segadapt.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.segadapt.data.labels.ClassSet;

/**
 * Per-class IoU, mIoU and pixel accuracy (percent) under a 19/16/13-class protocol; serialises to the
 * {@code evaluate --json} format of DESIGN.md. Classes absent from both ground truth and prediction are
 * left out of the mean (NaN in perClass is written as null).
 */
@JsonPropertyOrder({"mIoU", "classes", "images", "perClass", "pixelAccuracy"})
public record IoUReport(
        @JsonProperty("mIoU") double mIoU,
        @JsonProperty("classes") int classes,
        @JsonProperty("images") int images,
        @JsonProperty("perClass") Map<String, Double> perClass,
        @JsonProperty("pixelAccuracy") double pixelAccuracy) {

    public static IoUReport of(ConfusionMatrix cm, ClassSet protocol, int images) {
        Map<String, Double> per = new LinkedHashMap<>();
        double sum = 0;
        int counted = 0;
        for (int c : protocol.trainIds()) {
            double iou = cm.iou(c, protocol);
            per.put(ClassSet.name(c), Double.isNaN(iou) ? null : round(100 * iou));
            if (!Double.isNaN(iou)) {
                sum += iou;
                counted++;
            }
        }
        double miou = counted == 0 ? 0 : 100 * sum / counted;
        return new IoUReport(round(miou), protocol.size(), images, per, round(100 * cm.pixelAccuracy(protocol)));
    }

    private static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 100) / 100.0;
    }
}
