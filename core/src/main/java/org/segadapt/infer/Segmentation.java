package org.segadapt.infer;

import java.awt.image.BufferedImage;
import org.segadapt.data.labels.LabelMap;
import org.segadapt.data.labels.Palette;

/**
 * One segmented image, row-major H·W: the predicted trainId (0..18), its probability (confidence, the softmax maximum)
 * and the normalised Shannon entropy of the prediction, H(p)/log C in [0, 1].
 */
public record Segmentation(int height, int width, byte[] trainIds, float[] confidence, float[] entropy) {
    public Segmentation {
        int n = height * width;
        if (trainIds.length != n || confidence.length != n || entropy.length != n) {
            throw new IllegalArgumentException("maps must hold " + height + "x" + width + " values");
        }
    }

    /** trainId of pixel (y, x). */
    public int trainId(int y, int x) {
        return trainIds[y * width + x] & 0xFF;
    }

    /** Cityscapes labelIds (the ids the Cityscapes benchmark server expects). */
    public byte[] labelIds() {
        byte[] ids = new byte[trainIds.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (byte) Math.max(0, LabelMap.CITYSCAPES.rawId(trainIds[i] & 0xFF));
        }
        return ids;
    }

    /** Packed RGB with the Cityscapes palette. */
    public int[] colors() {
        return Palette.colorize(trainIds);
    }

    /** The colour map as an image. */
    public BufferedImage colorImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, width, height, colors(), 0, width);
        return img;
    }
}
