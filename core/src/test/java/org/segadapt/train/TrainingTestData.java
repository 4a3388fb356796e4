package org.segadapt.train;

import java.util.ArrayList;
import java.util.List;
import org.segadapt.data.Batch;
import org.segadapt.data.Sample;

/** Small learnable scenes for training tests. */
public final class TrainingTestData {
    private TrainingTestData() {}

    /** Two-class toy scenes: a dark "road" band at the bottom, a bright "sky" band on top, noise in between. */
    public static Batch toyBatch(int n, int h, int w, long seed) {
        java.util.Random r = new java.util.Random(seed);
        List<Sample> samples = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            float[] img = new float[3 * h * w];
            byte[] lab = new byte[h * w];
            int horizon = h / 3 + r.nextInt(h / 3);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    boolean road = y >= horizon;
                    int i = y * w + x;
                    lab[i] = (byte) (road ? 0 : 10);
                    for (int c = 0; c < 3; c++) {
                        img[c * h * w + i] = (road ? 0.3f : 0.7f) + 0.1f * (float) r.nextGaussian() + (c == 2 && !road ? 0.2f : 0f);
                    }
                }
            }
            samples.add(new Sample("toy" + k, h, w, img, lab));
        }
        return Batch.of(samples);
    }

}
