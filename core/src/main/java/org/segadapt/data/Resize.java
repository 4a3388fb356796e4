package org.segadapt.data;

/**
 * Exact resizing on plain arrays: bilinear for images (half-pixel centres, no antialiasing, as
 * PyTorch's {@code F.interpolate(mode="bilinear", align_corners=False)}) and nearest for labels
 * (pixel-centre rule, so a label only ever holds values present in the input).
 */
public final class Resize {
    private Resize() {}

    /** Bilinear resize of {@code channels} planes of h·w values to oh·ow. */
    public static float[] bilinear(float[] src, int channels, int h, int w, int oh, int ow) {
        int[] y0 = new int[oh], y1 = new int[oh], x0 = new int[ow], x1 = new int[ow];
        float[] fy = new float[oh], fx = new float[ow];
        weights(h, oh, y0, y1, fy);
        weights(w, ow, x0, x1, fx);
        float[] out = new float[channels * oh * ow];
        for (int c = 0; c < channels; c++) {
            int in = c * h * w, o = c * oh * ow;
            for (int y = 0; y < oh; y++) {
                int r0 = in + y0[y] * w, r1 = in + y1[y] * w;
                for (int x = 0; x < ow; x++) {
                    float top = src[r0 + x0[x]] + fx[x] * (src[r0 + x1[x]] - src[r0 + x0[x]]);
                    float bot = src[r1 + x0[x]] + fx[x] * (src[r1 + x1[x]] - src[r1 + x0[x]]);
                    out[o + y * ow + x] = top + fy[y] * (bot - top);
                }
            }
        }
        return out;
    }

    /** Nearest-neighbour resize of an h·w label map: source index floor((dst + 0.5)·in/out). */
    public static byte[] nearest(byte[] src, int h, int w, int oh, int ow) {
        int[] xs = new int[ow];
        for (int x = 0; x < ow; x++) {
            xs[x] = Math.min(w - 1, (int) Math.floor((x + 0.5) * w / ow));
        }
        byte[] out = new byte[oh * ow];
        for (int y = 0; y < oh; y++) {
            int row = Math.min(h - 1, (int) Math.floor((y + 0.5) * h / oh)) * w;
            for (int x = 0; x < ow; x++) {
                out[y * ow + x] = src[row + xs[x]];
            }
        }
        return out;
    }

    /** Resizes a sample to oh·ow (image bilinear, label nearest); returns it unchanged if already that size. */
    public static Sample sample(Sample s, int oh, int ow) {
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException(s.name() + ": resize to " + ow + "x" + oh + " (must be positive)");
        }
        if (s.height() == oh && s.width() == ow) {
            return s;
        }
        float[] img = bilinear(s.image(), 3, s.height(), s.width(), oh, ow);
        byte[] lbl = s.label() == null ? null : nearest(s.label(), s.height(), s.width(), oh, ow);
        return new Sample(s.name(), oh, ow, img, lbl);
    }

    private static void weights(int in, int out, int[] i0, int[] i1, float[] f) {
        double scale = (double) in / out;
        for (int i = 0; i < out; i++) {
            double src = Math.max(0, (i + 0.5) * scale - 0.5);
            int lo = Math.min((int) src, in - 1);
            i0[i] = lo;
            i1[i] = Math.min(lo + 1, in - 1);
            f[i] = (float) (src - lo);
        }
    }
}
