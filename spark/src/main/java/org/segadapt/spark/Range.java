package org.segadapt.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** Images {@code [from, to)} of a dataset: one Spark partition's share, contiguous so that order is the dataset's. */
record Range(int from, int to) implements Serializable {
    /** {@code n} items in {@code slices} contiguous ranges of near-equal size. */
    static List<Range> split(int n, int slices) {
        List<Range> out = new ArrayList<>();
        for (int k = 0; k < slices; k++) {
            int from = (int) ((long) n * k / slices), to = (int) ((long) n * (k + 1) / slices);
            if (to > from) {
                out.add(new Range(from, to));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "images " + from + "-" + (to - 1);
    }
}
