package org.segadapt.data.streets;

/** Packed 0xRRGGBB arithmetic. */
final class Colours {
    private Colours() {}

    static int scale(int rgb, double f) {
        return scale(rgb, f, f, f);
    }

    static int scale(int rgb, double fr, double fg, double fb) {
        return pack(((rgb >> 16) & 0xFF) * fr, ((rgb >> 8) & 0xFF) * fg, (rgb & 0xFF) * fb);
    }

    static int mix(int a, int b, double t) {
        return pack(((a >> 16) & 0xFF) * (1 - t) + ((b >> 16) & 0xFF) * t,
                ((a >> 8) & 0xFF) * (1 - t) + ((b >> 8) & 0xFF) * t, (a & 0xFF) * (1 - t) + (b & 0xFF) * t);
    }

    static int pack(double r, double g, double b) {
        return (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
    }

    static int clamp(double v) {
        int x = (int) Math.round(v);
        return x < 0 ? 0 : Math.min(255, x);
    }
}
