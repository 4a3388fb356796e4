package org.segadapt.data;

import java.util.SplittableRandom;

/**
 * Training augmentation: random scale in [scaleMin, scaleMax], random crop to cropHeight·cropWidth
 * (padded bottom/right with image 0 and label 255 when the scaled image is smaller), and a random
 * horizontal flip. The random draws are always made in the same order (scale, y, x, flip) so a
 * sample's result depends only on its generator.
 */
public record TrainTransform(int cropHeight, int cropWidth, float scaleMin, float scaleMax, boolean flip) {
    public TrainTransform {
        if (cropHeight <= 0 || cropWidth <= 0) {
            throw new IllegalArgumentException("crop size must be positive, got " + cropWidth + "x" + cropHeight);
        }
        if (!(scaleMin > 0 && scaleMin <= scaleMax)) {
            throw new IllegalArgumentException("scale range must satisfy 0 < min <= max, got [" + scaleMin + ", " + scaleMax + "]");
        }
    }

    public Sample apply(Sample s, SplittableRandom rng) {
        double f = scaleMin + rng.nextDouble() * (scaleMax - scaleMin);
        Sample scaled = scale(s, f);
        int y0 = rng.nextInt(Math.max(0, scaled.height() - cropHeight) + 1);
        int x0 = rng.nextInt(Math.max(0, scaled.width() - cropWidth) + 1);
        boolean mirror = rng.nextDouble() < 0.5;
        Sample out = crop(scaled, y0, x0, cropHeight, cropWidth);
        return flip && mirror ? flip(out) : out;
    }

    /** Resizes by factor f (size rounded, at least 1): image bilinear, label nearest. */
    public static Sample scale(Sample s, double f) {
        int h = Math.max(1, (int) Math.round(s.height() * f)), w = Math.max(1, (int) Math.round(s.width() * f));
        return Resize.sample(s, h, w);
    }

    /** The ch·cw window at (y0, x0); pixels outside the sample are image 0 and label 255. */
    public static Sample crop(Sample s, int y0, int x0, int ch, int cw) {
        int h = s.height(), w = s.width(), plane = ch * cw;
        float[] img = new float[3 * plane];
        byte[] lbl = s.label() == null ? null : new byte[plane];
        if (lbl != null) {
            java.util.Arrays.fill(lbl, (byte) 255);
        }
        int rows = Math.max(0, Math.min(ch, h - y0)), cols = Math.max(0, Math.min(cw, w - x0));
        for (int y = 0; y < rows; y++) {
            for (int c = 0; c < 3; c++) {
                System.arraycopy(s.image(), c * h * w + (y0 + y) * w + x0, img, c * plane + y * cw, cols);
            }
            if (lbl != null) {
                System.arraycopy(s.label(), (y0 + y) * w + x0, lbl, y * cw, cols);
            }
        }
        return new Sample(s.name(), ch, cw, img, lbl);
    }

    /** Mirrors left-right. */
    public static Sample flip(Sample s) {
        int h = s.height(), w = s.width();
        float[] img = new float[s.image().length];
        byte[] lbl = s.label() == null ? null : new byte[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int src = y * w + x, dst = y * w + (w - 1 - x);
                for (int c = 0; c < 3; c++) {
                    img[c * h * w + dst] = s.image()[c * h * w + src];
                }
                if (lbl != null) {
                    lbl[dst] = s.label()[src];
                }
            }
        }
        return new Sample(s.name(), h, w, img, lbl);
    }
}
