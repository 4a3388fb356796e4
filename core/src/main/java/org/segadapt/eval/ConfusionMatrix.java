package org.segadapt.eval;

import org.segadapt.data.labels.ClassSet;

/**
 * Counts (ground truth, prediction) pairs over trainIds; ignore-labelled pixels are skipped. Serializable so that
 * per-partition matrices can travel to a Spark driver and be {@link #merge merged} (integer sums: order-free).
 */
public final class ConfusionMatrix implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final int n = ClassSet.NUM_CLASSES;
    private final long[] counts = new long[n * n];

    /** Adds one label map and its prediction (same length; label 255 = ignore). */
    public void add(byte[] label, byte[] prediction) {
        if (label.length != prediction.length) {
            throw new IllegalArgumentException("label has " + label.length + " pixels, prediction " + prediction.length);
        }
        for (int i = 0; i < label.length; i++) {
            int gt = label[i] & 0xFF;
            int pr = prediction[i] & 0xFF;
            if (gt < n && pr < n) {
                counts[gt * n + pr]++;
            }
        }
    }

    public void merge(ConfusionMatrix other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
    }

    /** Pixels whose ground truth is {@code gt} and prediction {@code pred}. */
    public long get(int gt, int pred) {
        return counts[gt * n + pred];
    }

    /**
     * IoU of class c under a protocol, as a fraction; NaN when c never occurs in ground truth or prediction.
     * Ground-truth pixels of classes outside the protocol are ignored; a protocol-class pixel predicted as an
     * excluded class still counts as missed (its prediction is wrong).
     */
    public double iou(int c, ClassSet protocol) {
        long tp = get(c, c), fn = 0, fp = 0;
        for (int k = 0; k < n; k++) {
            if (k == c) {
                continue;
            }
            fn += get(c, k);
            if (protocol.contains(k)) {
                fp += get(k, c);
            }
        }
        long union = tp + fp + fn;
        return union == 0 ? Double.NaN : (double) tp / union;
    }

    /** Correct pixels over all ground-truth pixels of the protocol's classes. */
    public double pixelAccuracy(ClassSet protocol) {
        long correct = 0, total = 0;
        for (int gt : protocol.trainIds()) {
            for (int p = 0; p < n; p++) {
                total += get(gt, p);
            }
            correct += get(gt, gt);
        }
        return total == 0 ? Double.NaN : (double) correct / total;
    }
}
