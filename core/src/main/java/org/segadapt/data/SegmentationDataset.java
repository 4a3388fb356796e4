package org.segadapt.data;

import java.io.IOException;

/** An indexed collection of samples; implementations decode lazily and are safe to read from several threads. */
public interface SegmentationDataset {
    /** e.g. {@code gta5:/data/gta5}, as typed on the command line. */
    String description();

    int size();

    /** Decodes sample i (image and, when {@link #labelled()}, its trainId label). */
    Sample get(int index) throws IOException;

    /** Whether samples carry labels. */
    boolean labelled();

    /** {height, width} of sample i as {@link #get} returns it, known without decoding; null where it is not. */
    default int[] sampleSize(int index) {
        return null;
    }
}
