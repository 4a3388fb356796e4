package org.segadapt.eval;

import java.io.IOException;
import java.nio.file.Path;
import org.segadapt.data.Png;
import org.segadapt.data.Sample;

/** Pictures a person would rather look at: coloured label maps, entropy heat maps, side-by-side panels. */
public final class Visualize {
    private Visualize() {}

    /** Entropy in [0,1] as a dark-blue-to-yellow heat map (bright = uncertain). */
    public static int[] heat(float[] entropy) {
        int[] rgb = new int[entropy.length];
        for (int i = 0; i < entropy.length; i++) {
            float v = Math.max(0, Math.min(1, entropy[i]));
            int r = (int) (255 * Math.min(1, 2 * v)), g = (int) (255 * v * v), b = (int) (255 * (1 - v) * 0.6f);
            rgb[i] = (r << 16) | (g << 8) | b;
        }
        return rgb;
    }

    /** The image as packed RGB. */
    public static int[] image(Sample s) {
        int plane = s.height() * s.width();
        float[] x = s.image();
        int[] rgb = new int[plane];
        for (int i = 0; i < plane; i++) {
            rgb[i] = (to8(x[i]) << 16) | (to8(x[plane + i]) << 8) | to8(x[2 * plane + i]);
        }
        return rgb;
    }

    /** Writes panels of equal size left to right, with a 4-pixel white gap. */
    public static void writeRow(Path file, int height, int width, int[]... panels) throws IOException {
        int gap = 4, total = panels.length * width + (panels.length - 1) * gap;
        int[] out = new int[height * total];
        java.util.Arrays.fill(out, 0xFFFFFF);
        for (int k = 0; k < panels.length; k++) {
            for (int y = 0; y < height; y++) {
                System.arraycopy(panels[k], y * width, out, y * total + k * (width + gap), width);
            }
        }
        Png.writePacked(file, height, total, out);
    }

    /**
     * Writes rows of equal-size panels (4-pixel white gaps; a null panel stays white), top to bottom: TUFL Fig. 5/6's
     * grid of images, ground truth, predictions and entropy maps.
     */
    public static void writeGrid(Path file, int height, int width, java.util.List<int[][]> rows) throws IOException {
        int gap = 4, columns = rows.stream().mapToInt(r -> r.length).max().orElse(1);
        int total = columns * width + (columns - 1) * gap, tall = rows.size() * height + (rows.size() - 1) * gap;
        int[] out = new int[tall * total];
        java.util.Arrays.fill(out, 0xFFFFFF);
        for (int r = 0; r < rows.size(); r++) {
            for (int k = 0; k < rows.get(r).length; k++) {
                int[] panel = rows.get(r)[k];
                for (int y = 0; panel != null && y < height; y++) {
                    System.arraycopy(panel, y * width, out, (r * (height + gap) + y) * total + k * (width + gap), width);
                }
            }
        }
        Png.writePacked(file, tall, total, out);
    }

    private static int to8(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }
}
