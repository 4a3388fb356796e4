package org.segadapt.data;

/**
 * One decoded image: RGB in [0,1], channel-first (3·H·W), and its trainId label (H·W, 255 = ignore)
 * or {@code null} for unlabelled target images.
 */
public record Sample(String name, int height, int width, float[] image, byte[] label) {
    public Sample {
        if (image.length != 3 * height * width) {
            throw new IllegalArgumentException(name + ": image has " + image.length + " values, expected 3x" + height + "x" + width);
        }
        if (label != null && label.length != height * width) {
            throw new IllegalArgumentException(name + ": label has " + label.length + " values, expected " + height + "x" + width);
        }
    }

    public boolean labelled() {
        return label != null;
    }

    /** trainId at (y, x) as an int (0..18 or 255). */
    public int labelAt(int y, int x) {
        return label[y * width + x] & 0xFF;
    }
}
