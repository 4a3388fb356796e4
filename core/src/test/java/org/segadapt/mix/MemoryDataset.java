package org.segadapt.mix;

import java.util.List;
import org.segadapt.data.Sample;
import org.segadapt.data.SegmentationDataset;

/** Samples held in memory, for tests of the class bank and pasting. */
public final class MemoryDataset implements SegmentationDataset {
    private final List<Sample> samples;

    public MemoryDataset(List<Sample> samples) {
        this.samples = List.copyOf(samples);
    }

    /** A sample whose image is a constant {@code value} and whose label is given. */
    public static Sample sample(String name, int h, int w, float value, int[] label) {
        float[] img = new float[3 * h * w];
        java.util.Arrays.fill(img, value);
        byte[] lbl = new byte[h * w];
        for (int i = 0; i < lbl.length; i++) {
            lbl[i] = (byte) label[i];
        }
        return new Sample(name, h, w, img, lbl);
    }

    @Override
    public String description() {
        return "memory:" + samples.size();
    }

    @Override
    public int size() {
        return samples.size();
    }

    @Override
    public Sample get(int index) {
        return samples.get(index);
    }

    @Override
    public boolean labelled() {
        return true;
    }
}
