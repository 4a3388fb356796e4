package org.segadapt.mix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.segadapt.data.Batch;
import org.segadapt.data.Sample;
import org.segadapt.data.SegmentationDataset;
import org.segadapt.data.TrainTransform;
import org.segadapt.data.labels.ClassSet;

/**
 * Long-tail class pasting of TUFL Sec. III-C: (x_s, y_s) → (x_{s'}, y_{s'}).
 * <ol>
 *   <li>A class is drawn with probability softmax(1/α) over the stage-1 class thresholds α ("the inverse of
 *       the dynamic threshold α after softmax"), restricted to classes the {@link ClassBank} holds: hard
 *       classes have low α and are drawn more often.
 *   <li>A donor is picked uniformly from M_c = {(x, y) | c ∈ y}.
 *   <li>Alignment (the paper does not say; ours): the donor is used at its dataset resolution. A window of
 *       the source sample's size is cut from it, centred on one pixel of class c drawn uniformly (and
 *       shifted to lie inside the donor when it can; a donor smaller than the window is padded with
 *       ignore, which is never pasted), so the window always holds some of c.
 *   <li>The window's pixels of class c overwrite the source image and label at the same coordinates.
 * </ol>
 * Deterministic given the generator; {@code pastedClasses} independent draws per image (default 1).
 *
 * <p>{@link #reference(ClassBank, SegmentationDataset, long)} pastes as the official TUFL code does ({@code
 * unsup/get_img_lb.py}, {@code utils/paste_utils.py} at e84db35; {@link #pasteReference}): an image is pasted into
 * with probability 0.3 ({@code --long_tail_p}); then 2–4 classes (uniform) are drawn with replacement from
 * softmax(1/α), and each donor's pixels of the classes related to the drawn one ({@link #RELATED}, the reference's
 * GTA5 {@code class_relation}) are pasted with it.
 */
public final class LongTailPaster {
    /** The pasted sample, the classes drawn for it and the donors' names (in pasting order). */
    public record Pasted(Sample sample, int[] classes, String[] donors) {}

    /** The reference's pasting probability and class counts. */
    static final double REFERENCE_PROBABILITY = 0.3;
    static final int REFERENCE_MIN_CLASSES = 2, REFERENCE_MAX_CLASSES = 4;
    /** Train ids pasted together with a drawn class when the donor window holds them (the reference's GTA5 table). */
    static final int[][] RELATED = {{0, 9, 12, 13, 14, 15, 16, 17, 18}, {1, 9, 11}, {}, {3, 4}, {3, 4}, {5, 6, 7}, {5, 6, 7}, {5, 6, 7},
        {8, 9}, {8, 9}, {}, {}, {12, 17, 18}, {}, {}, {}, {}, {12, 17, 18}, {12, 17, 18}};

    /** A pasted batch of {@link #pasteReference}: which images were pasted into, and where (N·H·W, 1 = pasted). */
    public record ReferenceBatch(Batch batch, boolean[] pastedInto, float[] pastedPixels) {}

    private final ClassBank bank;
    private final SegmentationDataset donors;
    private final int pastedClasses;
    private final boolean reference;
    private final SplittableRandom random;

    /**
     * @param bank          index over {@code donors}
     * @param donors        the labelled dataset the bank was built on
     * @param pastedClasses classes pasted into each image (≥ 0)
     * @param seed          seed of the generator used by {@link #paste(Sample, float[])}
     */
    public LongTailPaster(ClassBank bank, SegmentationDataset donors, int pastedClasses, long seed) {
        this(bank, donors, pastedClasses, false, seed);
    }

    /** The official code's pasting ({@link #pasteReference}). */
    public static LongTailPaster reference(ClassBank bank, SegmentationDataset donors, long seed) {
        return new LongTailPaster(bank, donors, REFERENCE_MAX_CLASSES, true, seed);
    }

    private LongTailPaster(ClassBank bank, SegmentationDataset donors, int pastedClasses, boolean reference, long seed) {
        if (pastedClasses < 0) {
            throw new IllegalArgumentException("pastedClasses must be >= 0, got " + pastedClasses);
        }
        if (bank.size() != donors.size()) {
            throw new IllegalArgumentException("class bank holds " + bank.size() + " samples but " + donors.description()
                    + " has " + donors.size());
        }
        if (java.util.Arrays.stream(bank.counts()).allMatch(c -> c == 0)) {
            throw new IllegalArgumentException(donors.description() + ": the class bank holds no labelled class to paste");
        }
        this.bank = bank;
        this.donors = donors;
        this.pastedClasses = pastedClasses;
        this.reference = reference;
        this.random = new SplittableRandom(seed);
    }

    /** Whether this paster pastes as the official code ({@link #pasteReference}) rather than as the paper. */
    public boolean reference() {
        return reference;
    }

    /**
     * The official code's pasting of a labelled batch: per image, with probability 0.3, 2–4 classes drawn with
     * replacement, each with its related classes from the same donor window; the rest of the image is untouched.
     */
    public ReferenceBatch pasteReference(Batch batch, float[] alphas, SplittableRandom rng) {
        if (!batch.labelled()) {
            throw new IllegalArgumentException("long-tail pasting needs a labelled source batch");
        }
        int plane = batch.height() * batch.width();
        List<Sample> out = new ArrayList<>(batch.n());
        boolean[] into = new boolean[batch.n()];
        float[] where = new float[batch.n() * plane];
        for (int i = 0; i < batch.n(); i++) {
            float[] img = java.util.Arrays.copyOfRange(batch.images(), i * 3 * plane, (i + 1) * 3 * plane);
            byte[] lbl = java.util.Arrays.copyOfRange(batch.labels(), i * plane, (i + 1) * plane);
            into[i] = rng.nextDouble() < REFERENCE_PROBABILITY;
            int count = into[i] ? REFERENCE_MIN_CLASSES + rng.nextInt(REFERENCE_MAX_CLASSES - REFERENCE_MIN_CLASSES + 1) : 0;
            for (int k = 0; k < count; k++) {
                int c = drawClass(alphas, rng);
                Sample window = window(donor(c, rng), c, batch.height(), batch.width(), rng);
                boolean[] present = new boolean[256];
                for (byte b : window.label()) {
                    present[b & 0xFF] = true;
                }
                for (int related : classesWith(c)) {
                    if (present[related]) {
                        pasteClass(window, related, img, lbl, where, i * plane);
                    }
                }
            }
            out.add(new Sample(batch.names().get(i), batch.height(), batch.width(), img, lbl));
        }
        return new ReferenceBatch(Batch.of(out), into, where);
    }

    /** c and the classes pasted with it. */
    private static int[] classesWith(int c) {
        if (c >= RELATED.length || RELATED[c].length == 0) {
            return new int[] {c};
        }
        return RELATED[c];
    }

    private Sample donor(int c, SplittableRandom rng) {
        List<ClassBank.Entry> entries = bank.samplesWith(c);
        ClassBank.Entry e = entries.get(rng.nextInt(entries.size()));
        try {
            return donors.get(e.index());
        } catch (IOException ex) {
            throw new UncheckedIOException(donors.description() + " donor #" + e.index() + ": " + ex.getMessage(), ex);
        }
    }

    public int pastedClasses() {
        return pastedClasses;
    }

    /**
     * softmax(1/α) over the classes with {@code available[c] > 0}, 0 for the others. α is clamped to ≥ 1e-6
     * and the softmax is computed with its maximum subtracted, so α → 0 stays finite.
     */
    public static double[] classProbabilities(float[] alphas, int[] available) {
        if (alphas.length != available.length) {
            throw new IllegalArgumentException(alphas.length + " thresholds for " + available.length + " classes");
        }
        double max = Double.NEGATIVE_INFINITY;
        double[] inv = new double[alphas.length];
        for (int c = 0; c < alphas.length; c++) {
            if (!(alphas[c] >= 0 && alphas[c] <= 1)) {
                throw new IllegalArgumentException("threshold of class " + c + " must be in [0,1], got " + alphas[c]);
            }
            inv[c] = 1.0 / Math.max(1e-6, alphas[c]);
            if (available[c] > 0) {
                max = Math.max(max, inv[c]);
            }
        }
        if (max == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("no class available to draw");
        }
        double[] p = new double[alphas.length];
        double total = 0;
        for (int c = 0; c < alphas.length; c++) {
            if (available[c] > 0) {
                total += p[c] = Math.exp(inv[c] - max);
            }
        }
        for (int c = 0; c < p.length; c++) {
            p[c] /= total;
        }
        return p;
    }

    /** Draws a class from {@link #classProbabilities} over the bank's classes. */
    public int drawClass(float[] alphas, SplittableRandom rng) {
        checkAlphas(alphas);
        double[] p = classProbabilities(alphas, bank.counts());
        double u = rng.nextDouble(), cumulative = 0;
        int last = -1;
        for (int c = 0; c < p.length; c++) {
            if (p[c] > 0) {
                cumulative += p[c];
                last = c;
                if (u < cumulative) {
                    return c;
                }
            }
        }
        return last; // rounding: u beyond the accumulated total
    }

    /** Pastes with this paster's own generator. */
    public synchronized Pasted paste(Sample source, float[] alphas) {
        return paste(source, alphas, random);
    }

    /** Pastes every sample of a labelled batch (in order) with this paster's own generator. */
    public synchronized Batch paste(Batch batch, float[] alphas) {
        return paste(batch, alphas, random);
    }

    /** Pastes every sample of a labelled batch (in order) with {@code rng}. */
    public Batch paste(Batch batch, float[] alphas, SplittableRandom rng) {
        if (!batch.labelled()) {
            throw new IllegalArgumentException("long-tail pasting needs a labelled source batch");
        }
        int plane = batch.height() * batch.width();
        List<Sample> out = new ArrayList<>(batch.n());
        for (int i = 0; i < batch.n(); i++) {
            float[] img = java.util.Arrays.copyOfRange(batch.images(), i * 3 * plane, (i + 1) * 3 * plane);
            byte[] lbl = java.util.Arrays.copyOfRange(batch.labels(), i * plane, (i + 1) * plane);
            out.add(paste(new Sample(batch.names().get(i), batch.height(), batch.width(), img, lbl), alphas, rng).sample());
        }
        return Batch.of(out);
    }

    /** Draws {@code pastedClasses} classes and donors with {@code rng} and pastes them in turn. */
    public Pasted paste(Sample source, float[] alphas, SplittableRandom rng) {
        if (!source.labelled()) {
            throw new IllegalArgumentException(source.name() + ": long-tail pasting needs a labelled source sample");
        }
        float[] image = source.image().clone();
        byte[] label = source.label().clone();
        int[] classes = new int[pastedClasses];
        String[] names = new String[pastedClasses];
        for (int k = 0; k < pastedClasses; k++) {
            int c = drawClass(alphas, rng);
            List<ClassBank.Entry> entries = bank.samplesWith(c);
            ClassBank.Entry e = entries.get(rng.nextInt(entries.size()));
            Sample donor;
            try {
                donor = donors.get(e.index());
            } catch (IOException ex) {
                throw new UncheckedIOException(donors.description() + " donor #" + e.index() + ": " + ex.getMessage(), ex);
            }
            Sample window = window(donor, c, source.height(), source.width(), rng);
            pasteClass(window, c, image, label);
            classes[k] = c;
            names[k] = donor.name();
        }
        return new Pasted(new Sample(source.name(), source.height(), source.width(), image, label), classes, names);
    }

    /** The h·w window of {@code donor} centred on a uniformly drawn pixel of class c (see the class comment). */
    static Sample window(Sample donor, int c, int h, int w, SplittableRandom rng) {
        byte[] lbl = donor.label();
        int count = 0;
        for (byte b : lbl) {
            if ((b & 0xFF) == c) {
                count++;
            }
        }
        if (count == 0) {
            throw new IllegalStateException(donor.name() + ": the class bank lists class " + c
                    + " but the sample holds none (stale bank?)");
        }
        int pick = rng.nextInt(count), at = -1;
        for (int i = 0; i < lbl.length; i++) {
            if ((lbl[i] & 0xFF) == c && pick-- == 0) {
                at = i;
                break;
            }
        }
        int cy = at / donor.width(), cx = at % donor.width();
        int y0 = clampOrigin(cy - h / 2, donor.height(), h);
        int x0 = clampOrigin(cx - w / 2, donor.width(), w);
        return TrainTransform.crop(donor, y0, x0, h, w);
    }

    /** Shifts a window origin so the window lies inside [0, extent) when it fits, else starts at 0. */
    private static int clampOrigin(int origin, int extent, int size) {
        return size >= extent ? 0 : Math.max(0, Math.min(origin, extent - size));
    }

    /** {@link #pasteClass(Sample, int, float[], byte[])}, marking the pasted pixels in {@code where} from {@code offset}. */
    private static void pasteClass(Sample window, int c, float[] image, byte[] label, float[] where, int offset) {
        byte[] src = window.label();
        for (int i = 0; i < src.length; i++) {
            if ((src[i] & 0xFF) == c) {
                where[offset + i] = 1;
            }
        }
        pasteClass(window, c, image, label);
    }

    /** Copies the pixels of class c from a same-size window into image and label. */
    static void pasteClass(Sample window, int c, float[] image, byte[] label) {
        int plane = label.length;
        byte[] src = window.label();
        float[] srcImg = window.image();
        for (int i = 0; i < plane; i++) {
            if ((src[i] & 0xFF) == c) {
                label[i] = (byte) c;
                image[i] = srcImg[i];
                image[plane + i] = srcImg[plane + i];
                image[2 * plane + i] = srcImg[2 * plane + i];
            }
        }
    }

    private static void checkAlphas(float[] alphas) {
        if (alphas == null || alphas.length != ClassSet.NUM_CLASSES) {
            throw new IllegalArgumentException("need " + ClassSet.NUM_CLASSES + " class thresholds α, got "
                    + (alphas == null ? "null" : alphas.length));
        }
    }
}
