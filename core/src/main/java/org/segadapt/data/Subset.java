package org.segadapt.data;

import java.io.IOException;

/** A contiguous slice of a dataset, e.g. a held-out source validation split. */
public record Subset(SegmentationDataset base, int from, int to) implements SegmentationDataset {
    public Subset {
        if (from < 0 || to > base.size() || from >= to) {
            throw new IllegalArgumentException(base.description() + ": cannot take samples [" + from + ", " + to + ") of " + base.size());
        }
    }

    @Override
    public String description() {
        return base.description() + "[" + from + ":" + to + "]";
    }

    @Override
    public int size() {
        return to - from;
    }

    @Override
    public Sample get(int index) throws IOException {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException(description() + ": no sample " + index);
        }
        return base.get(from + index);
    }

    @Override
    public int[] sampleSize(int index) {
        return base.sampleSize(from + index);
    }

    @Override
    public boolean labelled() {
        return base.labelled();
    }
}
