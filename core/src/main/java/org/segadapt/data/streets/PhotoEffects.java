package org.segadapt.data.streets;

import java.util.SplittableRandom;

/**
 * The camera and the world between a scene and a photograph, applied in image space to the target domain:
 * surface texture, cast shadow, illumination (exposure, white balance, gamma), vignetting, lens blur,
 * sensor noise and JPEG-like 8×8 block quantisation with chroma subsampling. Labels are untouched. Every effect's
 * strength is scaled by the domain gap g ({@link Look}): amplitudes by g, multiplicative factors towards 1, the
 * compression blended; the random draws are the same at every g.
 */
final class PhotoEffects {
    private static final int LUT = 1536;
    /** Standard normal samples; noise draws an index per sample, which is far cheaper than sampling anew. */
    private static final float[] GAUSS = new float[4096];

    static {
        SplittableRandom g = new SplittableRandom(12345);
        for (int i = 0; i < GAUSS.length; i++) {
            double s = 0;
            for (int k = 0; k < 12; k++) {
                s += g.nextDouble();
            }
            GAUSS[i] = (float) (s - 6);
        }
    }

    private PhotoEffects() {}

    static Frame apply(Frame f, SplittableRandom r, double g) {
        int h = f.height(), w = f.width(), n = h * w;
        float[][] c = new float[3][n];
        for (int i = 0; i < n; i++) {
            int p = f.rgb()[i];
            c[0][i] = (p >> 16) & 0xFF;
            c[1][i] = (p >> 8) & 0xFF;
            c[2][i] = p & 0xFF;
        }
        texture(c, f, r, g);
        shadow(c, f, r, g);
        illumination(c, h, w, r, g);
        double sigma = g * (0.5 + 0.7 * r.nextDouble());
        if (sigma > 1e-3) {
            blur(c, h, w, sigma);
        }
        noise(c, n, r, g);
        double step = 4 + 8 * r.nextDouble();
        if (g == 1) {
            jpegLike(c, h, w, step);
        } else if (g > 0) {
            float[][] compressed = {c[0].clone(), c[1].clone(), c[2].clone()};
            jpegLike(compressed, h, w, step);
            for (int k = 0; k < 3; k++) {
                for (int i = 0; i < n; i++) {
                    c[k][i] = (float) Look.mix(c[k][i], compressed[k][i], g);
                }
            }
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = Colours.pack(c[0][i], c[1][i], c[2][i]);
        }
        return new Frame(h, w, out, f.labelIds());
    }

    /** Multiplicative luminance texture: fine grain, mid blotches and coarse patches, amplitudes per class. */
    private static void texture(float[][] c, Frame f, SplittableRandom r, double g) {
        int h = f.height(), w = f.width();
        float[] fine = valueNoise(h, w, 1, r), mid = valueNoise(h, w, 4, r), coarse = valueNoise(h, w, 16, r);
        for (int i = 0; i < h * w; i++) {
            double a;
            double b;
            double d;
            switch (f.labelIds()[i]) {
                case Ids.ROAD -> { a = 0.10; b = 0.06; d = 0.10; }
                case Ids.SIDEWALK -> { a = 0.08; b = 0.08; d = 0.06; }
                case Ids.BUILDING, Ids.WALL -> { a = 0.07; b = 0.08; d = 0.10; }
                case Ids.VEGETATION -> { a = 0.28; b = 0.20; d = 0.08; }
                case Ids.TERRAIN -> { a = 0.18; b = 0.12; d = 0.10; }
                case Ids.SKY -> { a = 0.0; b = 0.04; d = 0.10; }
                default -> { a = 0.05; b = 0.03; d = 0.0; }
            }
            float t = (float) (1 + g * a * fine[i] + g * b * mid[i] + g * d * coarse[i]);
            c[0][i] *= t;
            c[1][i] *= t;
            c[2][i] *= t;
        }
    }

    /** Zero-mean noise in [-1,1] on a lattice of the given cell size, bilinearly interpolated. */
    private static float[] valueNoise(int h, int w, int cell, SplittableRandom r) {
        int gh = h / cell + 2, gw = w / cell + 2;
        float[] g = new float[gh * gw];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) (2 * r.nextDouble() - 1);
        }
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++) {
            float fy = (float) y / cell;
            int y0 = (int) fy;
            float ty = fy - y0;
            for (int x = 0; x < w; x++) {
                float fx = (float) x / cell;
                int x0 = (int) fx;
                float tx = fx - x0;
                float top = g[y0 * gw + x0] * (1 - tx) + g[y0 * gw + x0 + 1] * tx;
                float bot = g[(y0 + 1) * gw + x0] * (1 - tx) + g[(y0 + 1) * gw + x0 + 1] * tx;
                out[y * w + x] = top * (1 - ty) + bot * ty;
            }
        }
        return out;
    }

    /** A cast shadow: a random half-plane darkens everything but the sky (low sun, buildings across the street). */
    private static void shadow(float[][] c, Frame f, SplittableRandom r, double g) {
        if (r.nextDouble() < 0.4) {
            return;
        }
        int h = f.height(), w = f.width();
        double angle = Math.PI * (0.25 + 0.5 * r.nextDouble());
        double nx = Math.cos(angle), ny = Math.sin(angle);
        double offset = (nx * w + ny * h) * (0.3 + 0.5 * r.nextDouble());
        float dark = (float) Look.mix(1, (float) (0.45 + 0.25 * r.nextDouble()), g);
        float green = (float) Look.mix(1, 1.03f, g), blue = (float) Look.mix(1, 1.12f, g);
        boolean below = r.nextBoolean();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (f.labelIds()[i] == Ids.SKY || ((nx * x + ny * y > offset) != below)) {
                    continue;
                }
                // shadows are bluish: skylight, not sunlight
                c[0][i] *= dark;
                c[1][i] *= dark * green;
                c[2][i] *= dark * blue;
            }
        }
    }

    /** Exposure, white balance, gamma (tone curve) and vignetting, per image. */
    private static void illumination(float[][] c, int h, int w, SplittableRandom r, double g) {
        double exposure = Look.mix(1, 0.8 + 0.55 * r.nextDouble(), g);
        double warm = g * (-0.12 + 0.24 * r.nextDouble()), tint = g * (-0.05 + 0.1 * r.nextDouble());
        double[] gain = {exposure * (1 + warm), exposure * (1 + tint), exposure * (1 - warm)};
        double gamma = Look.mix(1, 0.75 + 0.4 * r.nextDouble(), g);
        double vignette = g * (0.15 + 0.3 * r.nextDouble());
        // tone curve as a table over linear values 0..1.5 (Math.pow per sample dominates otherwise)
        float[] lut = new float[LUT + 2];
        for (int i = 0; i < lut.length; i++) {
            lut[i] = (float) (255.0 * Math.pow(Math.min(1.5, i * 1.5 / LUT), gamma));
        }
        for (int y = 0; y < h; y++) {
            double dy = (y - h / 2.0) / (h / 2.0);
            for (int x = 0; x < w; x++) {
                double dx = (x - w / 2.0) / (w / 2.0);
                double v = 1 - vignette * (dx * dx + dy * dy) / 2;
                int i = y * w + x;
                for (int k = 0; k < 3; k++) {
                    double pos = Math.min(Math.max(0, c[k][i] * gain[k] * v / 255.0), 1.5) * (LUT / 1.5);
                    int j = (int) pos;
                    float t = (float) (pos - j);
                    c[k][i] = lut[j] * (1 - t) + lut[j + 1] * t;
                }
            }
        }
    }

    /** Separable Gaussian blur (defocus, motion, lens softness). */
    private static void blur(float[][] c, int h, int w, double sigma) {
        int rad = 2;
        float[] k = new float[2 * rad + 1];
        float sum = 0;
        for (int i = -rad; i <= rad; i++) {
            k[i + rad] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + rad];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        float[] tmp = new float[h * w];
        for (float[] p : c) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float s = 0;
                    for (int j = -rad; j <= rad; j++) {
                        s += k[j + rad] * p[y * w + Math.min(w - 1, Math.max(0, x + j))];
                    }
                    tmp[y * w + x] = s;
                }
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float s = 0;
                    for (int j = -rad; j <= rad; j++) {
                        s += k[j + rad] * tmp[Math.min(h - 1, Math.max(0, y + j)) * w + x];
                    }
                    p[y * w + x] = s;
                }
            }
        }
    }

    /** Shot/read noise: luminance plus weaker per-channel noise. */
    private static void noise(float[][] c, int n, SplittableRandom r, double g) {
        float sigma = (float) (g * (2 + 5 * r.nextDouble()));
        for (int i = 0; i < n; i++) {
            int bits = r.nextInt();
            float lum = GAUSS[bits & 4095] * sigma;
            long more = r.nextLong();
            for (int k = 0; k < 3; k++) {
                c[k][i] += lum + 0.5f * sigma * GAUSS[(int) (more >>> (12 * k)) & 4095];
            }
        }
    }

    /**
     * JPEG-like compression: chroma averaged over 2×2 pixels and each 8×8 block's mean luma quantised with
     * the given step, which leaves visible block edges.
     */
    private static void jpegLike(float[][] c, int h, int w, double step) {
        int n = h * w;
        float[] yy = new float[n], cb = new float[n], cr = new float[n];
        for (int i = 0; i < n; i++) {
            float rr = c[0][i], g = c[1][i], b = c[2][i];
            yy[i] = 0.299f * rr + 0.587f * g + 0.114f * b;
            cb[i] = -0.1687f * rr - 0.3313f * g + 0.5f * b;
            cr[i] = 0.5f * rr - 0.4187f * g - 0.0813f * b;
        }
        for (int by = 0; by < h; by += 2) {
            for (int bx = 0; bx < w; bx += 2) {
                avg(cb, w, h, bx, by, 2, 0);
                avg(cr, w, h, bx, by, 2, 0);
            }
        }
        for (int by = 0; by < h; by += 8) {
            for (int bx = 0; bx < w; bx += 8) {
                avg(yy, w, h, bx, by, 8, step);
            }
        }
        for (int i = 0; i < n; i++) {
            c[0][i] = yy[i] + 1.402f * cr[i];
            c[1][i] = yy[i] - 0.34414f * cb[i] - 0.71414f * cr[i];
            c[2][i] = yy[i] + 1.772f * cb[i];
        }
    }

    /** step 0: replace a block by its mean; step > 0: shift the block so its mean lands on the quantisation grid. */
    private static void avg(float[] p, int w, int h, int bx, int by, int size, double step) {
        int ex = Math.min(w, bx + size), ey = Math.min(h, by + size);
        double s = 0;
        for (int y = by; y < ey; y++) {
            for (int x = bx; x < ex; x++) {
                s += p[y * w + x];
            }
        }
        double mean = s / ((ex - bx) * (ey - by));
        for (int y = by; y < ey; y++) {
            for (int x = bx; x < ex; x++) {
                int i = y * w + x;
                p[i] = step == 0 ? (float) mean : (float) (p[i] + Math.round(mean / step) * step - mean);
            }
        }
    }
}
