package org.segadapt.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.segadapt.nd.HostArrays;

/**
 * A batch of same-size samples as flat arrays: images N·3·H·W in [0,1], labels N·H·W trainIds
 * (255 = ignore) or {@code null} when unlabelled, and the sample names in order.
 */
public record Batch(int n, int height, int width, float[] images, byte[] labels, List<String> names) {
    public Batch {
        int plane = height * width;
        if (images.length != n * 3 * plane || (labels != null && labels.length != n * plane) || names.size() != n) {
            throw new IllegalArgumentException("batch arrays do not match " + n + "x" + height + "x" + width);
        }
        names = List.copyOf(names);
    }

    /** Stacks samples of one size; labels are kept only if every sample is labelled. */
    public static Batch of(List<Sample> samples) {
        Sample first = samples.get(0);
        int h = first.height(), w = first.width(), plane = h * w, n = samples.size();
        boolean labelled = samples.stream().allMatch(Sample::labelled);
        float[] images = new float[n * 3 * plane];
        byte[] labels = labelled ? new byte[n * plane] : null;
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            Sample s = samples.get(i);
            if (s.height() != h || s.width() != w) {
                throw new IllegalArgumentException(s.name() + ": size " + s.width() + "x" + s.height()
                        + " differs from " + first.name() + " (" + w + "x" + h + ") in one batch");
            }
            System.arraycopy(s.image(), 0, images, i * 3 * plane, 3 * plane);
            if (labelled) {
                System.arraycopy(s.label(), 0, labels, i * plane, plane);
            }
            names[i] = s.name();
        }
        return new Batch(n, h, w, images, labels, List.of(names));
    }

    public boolean labelled() {
        return labels != null;
    }

    /** Images as float32 (N,3,H,W). */
    public NDArray images(NDManager manager) {
        return HostArrays.floats(manager, images, new Shape(n, 3, height, width));
    }

    /** Labels as int32 (N,H,W) trainIds with 255 = ignore; {@code null} if unlabelled. */
    public NDArray labels(NDManager manager) {
        if (labels == null) {
            return null;
        }
        int[] ids = new int[labels.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = labels[i] & 0xFF;
        }
        return HostArrays.ints(manager, ids, new Shape(n, height, width));
    }
}
