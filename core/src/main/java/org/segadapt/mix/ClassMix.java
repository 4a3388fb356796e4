package org.segadapt.mix;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.segadapt.nd.HostArrays;
import org.segadapt.nd.Scalars;

/**
 * Cross-domain class mixing, TUFL eq. (10) after ClassMix (Olsson et al. 2021):
 * <pre>
 *   x_m = I_m · x_{s'} + (1 − I_m) · x_t
 *   y_m = I_m · y_{s'} + (1 − I_m) · ỹ_t                                     (10)
 * </pre>
 * I_m is 1 on the pixels of a random half of the classes present in y_{s'}: of its n classes (255 is
 * never one) (n + n mod 2)/2 = ⌈n/2⌉ are chosen uniformly without replacement, as ClassMix does. Batched:
 * images (N,3,H,W), labels (N,H,W) int32, each image with its own choice.
 */
public final class ClassMix {
    /** The mixed batch and its mask I_m (N,H,W) float32 0/1. */
    public record Mixed(NDArray images, NDArray labels, NDArray mask) {}

    private ClassMix() {}

    /** The classes present in one label plane (sorted, 255 excluded). */
    public static int[] presentClasses(int[] labels, int offset, int length) {
        boolean[] seen = new boolean[256];
        for (int i = offset; i < offset + length; i++) {
            seen[labels[i] & 0xFF] = true;
        }
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < 255; c++) {
            if (seen[c]) {
                out.add(c);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** ⌈n/2⌉ of {@code present}, drawn without replacement (partial Fisher–Yates), sorted. */
    public static int[] chooseHalf(int[] present, SplittableRandom rng) {
        return choose(present, (present.length + present.length % 2) / 2, rng);
    }

    /** k of {@code present}, drawn without replacement (partial Fisher–Yates), sorted. */
    static int[] choose(int[] present, int k, SplittableRandom rng) {
        int[] pool = present.clone();
        k = Math.min(k, pool.length);
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(pool.length - i);
            int t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
        }
        int[] chosen = java.util.Arrays.copyOf(pool, k);
        java.util.Arrays.sort(chosen);
        return chosen;
    }

    /**
     * I_m for a batch of source labels (N,H,W): per image, 1 where the label is one of the chosen classes.
     * The class choice is made on the host (it needs the set of present classes); the mask itself is a
     * per-image lookup table gathered on the labels' device.
     */
    public static NDArray mask(NDArray sourceLabels, SplittableRandom rng) {
        Shape s = sourceLabels.getShape();
        if (s.dimension() != 3) {
            throw new IllegalArgumentException("labels must be (N,H,W), got " + s);
        }
        int n = (int) s.get(0);
        int plane = (int) (s.get(1) * s.get(2));
        int[] ids = sourceLabels.toType(DataType.INT32, false).toIntArray();
        float[] tables = new float[n * 256];
        for (int i = 0; i < n; i++) {
            for (int c : chooseHalf(presentClasses(ids, i * plane, plane), rng)) {
                tables[i * 256 + c] = 1f;
            }
        }
        NDArray table = HostArrays.floats(sourceLabels, tables, new Shape(n, 256));
        NDArray index = sourceLabels.toType(DataType.INT64, false).reshape(n, plane);
        return table.gather(index, 1).reshape(s);
    }

    /**
     * The official TUFL code's I_m ({@code unsup/get_img_lb.py} at e84db35), used with its pasting: per image, ⌈n/2⌉
     * of the n classes of the <em>unpasted</em> source labels — max(⌈n/2⌉ − 2, 1) in an image pasted into — and every
     * pasted pixel.
     *
     * @param pastedPixels (N·H·W) 1 where pasting wrote
     */
    public static NDArray referenceMask(NDArray originalLabels, boolean[] pastedInto, float[] pastedPixels, SplittableRandom rng) {
        Shape s = originalLabels.getShape();
        int n = (int) s.get(0), plane = (int) (s.get(1) * s.get(2));
        int[] ids = originalLabels.toType(DataType.INT32, false).toIntArray();
        float[] mask = new float[n * plane];
        for (int i = 0; i < n; i++) {
            int[] present = presentClasses(ids, i * plane, plane);
            int half = (present.length + present.length % 2) / 2;
            boolean[] chosen = new boolean[256];
            for (int c : choose(present, pastedInto[i] ? Math.max(half - 2, 1) : half, rng)) {
                chosen[c] = true;
            }
            for (int p = 0; p < plane; p++) {
                int o = i * plane + p;
                mask[o] = chosen[ids[o] & 0xFF] || pastedPixels[o] > 0 ? 1f : 0f;
            }
        }
        return HostArrays.floats(originalLabels, mask, s);
    }

    /** Eq. (10) with a given mask. */
    public static Mixed mix(NDArray mask, NDArray sourceImages, NDArray sourceLabels, NDArray targetImages, NDArray targetLabels) {
        Shape m = mask.getShape();
        if (!sourceImages.getShape().equals(targetImages.getShape()) || sourceImages.getShape().dimension() != 4
                || sourceImages.getShape().get(0) != m.get(0) || sourceImages.getShape().get(2) != m.get(1)
                || sourceImages.getShape().get(3) != m.get(2)) {
            throw new IllegalArgumentException("cannot mix source " + sourceImages.getShape() + " and target "
                    + targetImages.getShape() + " with mask " + m + " (same N,H,W needed)");
        }
        if (!sourceLabels.getShape().equals(m) || !targetLabels.getShape().equals(m)) {
            throw new IllegalArgumentException("labels " + sourceLabels.getShape() + " / " + targetLabels.getShape()
                    + " do not match mask " + m);
        }
        NDArray im = mask.toType(sourceImages.getDataType(), false).expandDims(1);
        NDArray images = sourceImages.mul(im).add(targetImages.mul(Scalars.rsub(1, im)));
        NDArray labels = NDArrays.where(mask.gt(0.5f), sourceLabels.toType(DataType.INT32, false),
                targetLabels.toType(DataType.INT32, false));
        return new Mixed(images, labels, mask);
    }

    /** Draws I_m from the source labels and applies eq. (10). */
    public static Mixed mix(NDArray sourceImages, NDArray sourceLabels, NDArray targetImages, NDArray targetLabels,
            SplittableRandom rng) {
        return mix(mask(sourceLabels, rng), sourceImages, sourceLabels, targetImages, targetLabels);
    }
}
