package org.segadapt.data;

import java.io.IOException;
import java.nio.file.Path;
import org.segadapt.data.labels.Palette;

/** Writes tiny datasets in the exact on-disk formats of GTA5, SYNTHIA and Cityscapes. */
public final class DataFixtures {
    private DataFixtures() {}

    /** A deterministic image whose values are exact 8-bit levels (k/255), so a PNG round trip is lossless. */
    public static float[] rgb(int h, int w, int seed) {
        float[] chw = new float[3 * h * w];
        for (int i = 0; i < chw.length; i++) {
            chw[i] = ((i * 37 + seed * 101) % 256) / 255f;
        }
        return chw;
    }

    /** GTA5: images/NAME.png (RGB) + labels/NAME.png (palette PNG, index = labelId). */
    public static void gta5(Path dir, String name, int h, int w, int[] labelIds, int seed) throws IOException {
        Png.writeRgb(dir.resolve("images/" + name + ".png"), h, w, rgb(h, w, seed));
        int[] palette = new int[256];
        for (int i = 0; i < 256; i++) {
            palette[i] = Palette.rgb(i % 19);
        }
        Png.writeIndexed(dir.resolve("labels/" + name + ".png"), h, w, bytes(labelIds), palette);
    }

    /** SYNTHIA: RGB/NAME.png + GT/LABELS/NAME.png (16-bit, 3 channels: class id, instance id, a constant). */
    public static void synthia(Path dir, String name, int h, int w, int[] classIds, int seed) throws IOException {
        Png.writeRgb(dir.resolve("RGB/" + name + ".png"), h, w, rgb(h, w, seed));
        int[] instance = new int[h * w], other = new int[h * w];
        for (int i = 0; i < h * w; i++) {
            instance[i] = 1000 + 7 * i;
            other[i] = 0xBEEF;
        }
        Png.write16(dir.resolve("GT/LABELS/" + name + ".png"), h, w, new int[][] {classIds, instance, other});
    }

    /** Cityscapes: leftImg8bit/SPLIT/CITY/BASE_leftImg8bit.png and, if labelIds != null, gtFine/.../BASE_gtFine_labelIds.png. */
    public static void cityscapes(Path dir, String split, String city, String base, int h, int w, int[] labelIds, int seed)
            throws IOException {
        Png.writeRgb(dir.resolve("leftImg8bit/" + split + "/" + city + "/" + base + "_leftImg8bit.png"), h, w, rgb(h, w, seed));
        if (labelIds != null) {
            Png.writeGrey(dir.resolve("gtFine/" + split + "/" + city + "/" + base + "_gtFine_labelIds.png"), h, w, bytes(labelIds));
        }
    }

    public static byte[] bytes(int[] ids) {
        byte[] b = new byte[ids.length];
        for (int i = 0; i < ids.length; i++) {
            b[i] = (byte) ids[i];
        }
        return b;
    }

    public static int[] unsigned(byte[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xFF;
        }
        return out;
    }
}
