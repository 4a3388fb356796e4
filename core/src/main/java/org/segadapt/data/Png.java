package org.segadapt.data;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/** PNG codec: 8-bit RGB, 8-bit palette/grey label maps, and 16-bit multi-channel labels (SYNTHIA). */
public final class Png {
    private Png() {}

    /** Raw pixel planes of a PNG: {@code channels} planes of height·width samples (8 or 16 bit values). */
    public record Planes(int width, int height, int channels, int bitDepth, int[][] planes) {}

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] IEND = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};

    /**
     * {height, width} from a PNG's header, after checking the signature, that the first chunk is IHDR and that the
     * file ends with the IEND chunk: a non-PNG or a truncated file is found when a dataset opens, not mid-run.
     * Reads 45 bytes of the file.
     */
    public static int[] header(Path file) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            long size = ch.size();
            java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(33);
            if (size < 33 + IEND.length || ch.read(head, 0) < 33 || !java.util.Arrays.equals(head.array(), 0, 8, SIGNATURE, 0, 8)) {
                throw new IOException(file + ": not a PNG file (" + size + " bytes, no PNG signature and header)");
            }
            if (head.getInt(12) != 0x49484452) { // "IHDR"
                throw new IOException(file + ": corrupt PNG (the first chunk is not IHDR)");
            }
            int w = head.getInt(16), h = head.getInt(20);
            java.nio.ByteBuffer tail = java.nio.ByteBuffer.allocate(IEND.length);
            ch.read(tail, size - IEND.length);
            if (!java.util.Arrays.equals(tail.array(), IEND)) {
                throw new IOException(file + ": truncated or corrupt PNG (it does not end with the IEND chunk)");
            }
            if (w <= 0 || h <= 0) {
                throw new IOException(file + ": corrupt PNG (size " + w + "x" + h + ")");
            }
            return new int[] {h, w};
        }
    }

    /** Reads the raster samples as stored (palette indices for palette PNGs, 16-bit values for 16-bit PNGs). */
    public static Planes readRaw(Path file) throws IOException {
        BufferedImage img = decode(file);
        Raster r = img.getRaster();
        int w = r.getWidth(), h = r.getHeight(), c = r.getNumBands();
        int bits = img.getColorModel().getComponentSize(0);
        int[][] planes = new int[c][];
        for (int b = 0; b < c; b++) {
            planes[b] = r.getSamples(0, 0, w, h, b, (int[]) null);
        }
        return new Planes(w, h, c, bits, planes);
    }

    /** Reads an image as RGB in [0,1], channel-first; grey and palette images are expanded to RGB. */
    public static float[] readRgb(Path file, int[] sizeOut) throws IOException {
        BufferedImage img = decode(file);
        sizeOut[0] = img.getHeight();
        sizeOut[1] = img.getWidth();
        return rgb(img);
    }

    /** An image as RGB in [0,1], channel-first (3·H·W). */
    public static float[] rgb(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        float[] chw = new float[3 * w * h];
        int plane = w * h;
        for (int i = 0; i < plane; i++) {
            int p = argb[i];
            chw[i] = ((p >> 16) & 0xFF) / 255f;
            chw[plane + i] = ((p >> 8) & 0xFF) / 255f;
            chw[2 * plane + i] = (p & 0xFF) / 255f;
        }
        return chw;
    }

    /** Writes RGB (channel-first, [0,1]) atomically. */
    public static void writeRgb(Path file, int height, int width, float[] chw) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int plane = width * height;
        int[] px = new int[plane];
        for (int i = 0; i < plane; i++) {
            px[i] = (to8(chw[i]) << 16) | (to8(chw[plane + i]) << 8) | to8(chw[2 * plane + i]);
        }
        img.setRGB(0, 0, width, height, px, 0, width);
        write(file, img);
    }

    /** Writes packed 0xRRGGBB pixels atomically. */
    public static void writePacked(Path file, int height, int width, int[] rgb) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, width, height, rgb, 0, width);
        write(file, img);
    }

    /** Writes an 8-bit grey PNG of ids (Cityscapes *_labelIds.png style, or trainIds). */
    public static void writeGrey(Path file, int height, int width, byte[] ids) throws IOException {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, width, height, ids);
        write(file, img);
    }

    /** Writes an 8-bit palette PNG whose indices are ids (GTA5 label style); colours from {@code paletteRgb}. */
    public static void writeIndexed(Path file, int height, int width, byte[] ids, int[] paletteRgb) throws IOException {
        byte[] r = new byte[256], g = new byte[256], b = new byte[256];
        for (int i = 0; i < Math.min(256, paletteRgb.length); i++) {
            r[i] = (byte) (paletteRgb[i] >> 16);
            g[i] = (byte) (paletteRgb[i] >> 8);
            b[i] = (byte) paletteRgb[i];
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 256, r, g, b));
        img.getRaster().setDataElements(0, 0, width, height, ids);
        write(file, img);
    }

    /** Writes a 16-bit PNG with {@code planes.length} channels (1..4) of unsigned 16-bit values. */
    public static void write16(Path file, int height, int width, int[][] planes) throws IOException {
        int c = planes.length;
        int type = c == 1 ? BufferedImage.TYPE_USHORT_GRAY : -1;
        BufferedImage img;
        if (type != -1) {
            img = new BufferedImage(width, height, type);
        } else {
            var cs = java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB);
            var cm = new java.awt.image.ComponentColorModel(cs, c == 4, false,
                    c == 4 ? java.awt.Transparency.TRANSLUCENT : java.awt.Transparency.OPAQUE, java.awt.image.DataBuffer.TYPE_USHORT);
            img = new BufferedImage(cm, cm.createCompatibleWritableRaster(width, height), false, null);
        }
        for (int b = 0; b < c; b++) {
            img.getRaster().setSamples(0, 0, width, height, b, planes[b]);
        }
        write(file, img);
    }

    private static BufferedImage decode(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": unreadable PNG (" + e.getMessage() + ")", e);
        }
        if (img == null) {
            throw new IOException(file + ": unreadable PNG (not an image ImageIO can decode)");
        }
        return img;
    }

    private static void write(Path file, BufferedImage img) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".tmp-", ".png");
        try {
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new IOException(file + ": no PNG writer for this image type");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static int to8(float v) {
        int x = Math.round(v * 255f);
        return x < 0 ? 0 : Math.min(255, x);
    }
}
