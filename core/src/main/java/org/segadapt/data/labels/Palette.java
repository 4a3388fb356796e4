package org.segadapt.data.labels;

/** The Cityscapes colour palette, indexed by trainId; ignore (255) is black. */
public final class Palette {
    private static final int[][] RGB = {
        {128, 64, 128}, {244, 35, 232}, {70, 70, 70}, {102, 102, 156}, {190, 153, 153}, {153, 153, 153},
        {250, 170, 30}, {220, 220, 0}, {107, 142, 35}, {152, 251, 152}, {70, 130, 180}, {220, 20, 60},
        {255, 0, 0}, {0, 0, 142}, {0, 0, 70}, {0, 60, 100}, {0, 80, 100}, {0, 0, 230}, {119, 11, 32}};

    private Palette() {}

    /** Packed 0xRRGGBB colour of a trainId. */
    public static int rgb(int trainId) {
        if (trainId < 0 || trainId >= RGB.length) {
            return 0;
        }
        int[] c = RGB[trainId];
        return (c[0] << 16) | (c[1] << 8) | c[2];
    }

    /** trainIds to packed RGB (ignore and unknown ids are black). */
    public static int[] colorize(byte[] trainIds) {
        int[] rgb = new int[trainIds.length];
        for (int i = 0; i < trainIds.length; i++) {
            rgb[i] = rgb(trainIds[i] & 0xFF);
        }
        return rgb;
    }
}
