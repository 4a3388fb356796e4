package org.segadapt.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.segadapt.data.Png;
import org.segadapt.data.Sample;
import org.segadapt.data.labels.ClassSet;
import org.segadapt.data.labels.LabelMap;
import org.segadapt.data.sets.PngPairDataset;
import org.segadapt.eval.Evaluator;
import org.segadapt.io.Trees;
import org.segadapt.loss.mask.Argmax;
import org.segadapt.loss.mask.CategoryEntropyThreshold;
import org.segadapt.model.SegmentationModel;

/**
 * CaDA pseudo-labelling, eq. (1)–(3): pass 1 accumulates the class centroids f^l over the whole target set,
 * pass 2 keeps a pixel's prediction l where E(P^{hw}) < E(f^l) − Δ. The output is a Cityscapes-layout folder
 * that {@code cityscapes:DIR} reads back with the pseudo-labels as ground truth:
 * {@code DIR/gtFine/train/CITY/BASE_gtFine_labelIds.png} (labelIds; 0 "unlabeled" = not selected) beside
 * {@code DIR/leftImg8bit/train/CITY/BASE_leftImg8bit.png} (a link to the original image, or a resized copy
 * when predicting at another size), plus {@code summary.json}. Written into a temporary folder and renamed.
 */
public final class PseudoLabeller {
    /** The split the pseudo-label folder holds, whatever split it was made from. */
    public static final String OUT_SPLIT = "train";
    public static final String SUMMARY = "summary.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Per-class statistics of one labelling. {@code centroidEntropy} is null for classes never predicted. */
    public record ClassStats(int trainId, String name, long predictedPixels, long keptPixels, Double centroidEntropy) {}

    /** Contents of {@code summary.json}. {@code keptShareTarget}: the share Δ was chosen for, null when Δ was given. */
    public record Summary(double entropyMargin, Double keptShareTarget, int images, long pixels, long keptPixels, List<ClassStats> classes) {}

    /** Bins of the entropy-gap histogram that picks Δ for a kept share (width 2·ln C / 2^16 ≈ 9e-5 nats for 19 classes). */
    private static final int GAP_BINS = 1 << 16;

    private PseudoLabeller() {}

    /**
     * Labels every image of {@code data} with {@code model} and writes the pseudo-label folder {@code out}
     * (which must not exist). {@code linkImages}: link the original images (they have the predicted size);
     * otherwise write the decoded, possibly resized, images as PNG copies.
     */
    public static Summary write(SegmentationModel model, NDManager manager, PngPairDataset data, double margin,
            boolean linkImages, Path out) throws IOException {
        return write(model, manager, data, margin, null, linkImages, out);
    }

    /**
     * {@link #write(SegmentationModel, NDManager, PngPairDataset, double, boolean, Path)} with Δ chosen so that
     * {@code keptShare} of all pixels are kept (one more pass over the target set: the histogram of E(f^l) − E(P)).
     */
    public static Summary writeKeepingShare(SegmentationModel model, NDManager manager, PngPairDataset data, double keptShare,
            boolean linkImages, Path out) throws IOException {
        return write(model, manager, data, Double.NaN, checkKeptShare(keptShare), linkImages, out);
    }

    /** Refuses a kept share outside (0, 1]. */
    public static double checkKeptShare(double keptShare) {
        if (!(keptShare > 0 && keptShare <= 1)) {
            throw new IllegalArgumentException("--kept-share must be in (0, 1], got " + keptShare);
        }
        return keptShare;
    }

    private static Summary write(SegmentationModel model, NDManager manager, PngPairDataset data, double margin, Double keptShare,
            boolean linkImages, Path out) throws IOException {
        check(data, model.numClasses(), out);
        int classes = model.numClasses();
        Evaluator ev = new Evaluator(model, manager);
        CategoryEntropyThreshold threshold = new CategoryEntropyThreshold(classes, keptShare == null ? margin : 0);
        for (int i = 0; i < data.size(); i++) {
            Sample s = data.get(i);
            try (NDManager m = manager.newSubManager()) {
                threshold.accumulate(ev.probabilities(s, m));
            }
            progress("pass 1/2 (centroids)", i, data.size());
        }
        if (keptShare != null) {
            margin = marginForShare(threshold, ev, manager, data, keptShare);
            threshold = threshold.withMargin(margin);
        }
        Path tmp = temporaryFolder(out);
        try {
            long[] kept = new long[classes];
            long pixels = 0;
            for (int i = 0; i < data.size(); i++) {
                Sample s = data.get(i);
                byte[] ids;
                try (NDManager m = manager.newSubManager()) {
                    ids = labelIds(ev.probabilities(s, m), threshold, kept);
                }
                pixels += ids.length;
                writePair(tmp, data.pairs().get(i), s, ids, linkImages);
                progress("pass 2/2 (labels)", i, data.size());
            }
            Summary summary = summary(threshold, margin, keptShare, data.size(), pixels, kept);
            finish(tmp, out, summary);
            return summary;
        } finally {
            Trees.delete(tmp);
        }
    }

    // The steps below are public so that a distributed labelling (segadapt-spark) runs exactly these, per image.

    /** Refuses an existing {@code out}, an empty set and a model that does not predict the 19 trainIds. */
    public static void check(PngPairDataset data, int classes, Path out) throws IOException {
        if (Files.exists(out)) {
            throw new IOException(out + ": already exists; pseudo-labels are written into a new folder");
        }
        if (data.size() == 0) {
            throw new IOException(data.description() + ": no images to pseudo-label");
        }
        if (classes != ClassSet.NUM_CLASSES) {
            throw new IllegalArgumentException("pseudo-labels are written as Cityscapes labelIds and need a "
                    + ClassSet.NUM_CLASSES + "-class model, not " + classes + " classes");
        }
    }

    /** Pass 2 of one image (probabilities (1,C,H,W)): its labelIds (0 = not kept); kept pixels counted per trainId. */
    public static byte[] labelIds(NDArray p, CategoryEntropyThreshold threshold, long[] kept) {
        int[] cls = Argmax.of(p).classes();
        float[] mask = threshold.mask(p).toFloatArray();
        byte[] ids = new byte[cls.length];
        for (int k = 0; k < ids.length; k++) {
            if (mask[k] > 0.5f) {
                kept[cls[k]]++;
                ids[k] = (byte) LabelMap.CITYSCAPES.rawId(cls[k]);
            }
        }
        return ids;
    }

    /** The new temporary sibling folder of {@code out} that {@link #finish} renames; stale ones of killed runs go first. */
    public static Path temporaryFolder(Path out) throws IOException {
        Path abs = out.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        try (var stale = Files.list(abs.getParent())) { // a labelling that was killed left its temporary folder
            for (Path p : stale.filter(p -> p.getFileName().toString().startsWith(".tmp-" + abs.getFileName())).toList()) {
                Trees.delete(p);
            }
        }
        return Files.createTempDirectory(abs.getParent(), ".tmp-" + abs.getFileName());
    }

    /** Writes {@code summary.json} into the temporary folder and renames it to {@code out}. */
    public static void finish(Path tmp, Path out, Summary summary) throws IOException {
        JSON.writeValue(tmp.resolve(SUMMARY).toFile(), summary);
        Files.move(tmp, out.toAbsolutePath(), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads Δ back from a pseudo-label folder's summary. */
    public static double margin(Path pseudoDir) throws IOException {
        Path f = pseudoDir.resolve(SUMMARY);
        try {
            return JSON.readValue(f.toFile(), Summary.class).entropyMargin();
        } catch (IOException e) {
            throw new IOException(f + ": not a pseudo-label summary (" + e.getMessage() + ")", e);
        }
    }

    /** Writes one image's label PNG (and its image link or copy) under {@code root} in the Cityscapes layout. */
    public static void writePair(Path root, PngPairDataset.Pair pair, Sample s, byte[] labelIds, boolean linkImages) throws IOException {
        String name = pair.name(); // CITY/BASE
        Path image = root.resolve("leftImg8bit").resolve(OUT_SPLIT).resolve(name + "_leftImg8bit.png");
        Path label = root.resolve("gtFine").resolve(OUT_SPLIT).resolve(name + "_gtFine_labelIds.png");
        Files.createDirectories(image.getParent());
        Files.createDirectories(label.getParent());
        if (linkImages) {
            Path original = pair.image().toAbsolutePath();
            try {
                Files.createSymbolicLink(image, original);
            } catch (UnsupportedOperationException | IOException e) {
                Files.copy(original, image);
            }
        } else {
            Png.writeRgb(image, s.height(), s.width(), s.image());
        }
        Png.writeGrey(label, s.height(), s.width(), labelIds);
    }

    /**
     * The Δ that keeps {@code share} of all pixels: the histogram of E(f^l) − E(P) over the target set, walked down
     * from the largest gap (pixels with a gap above Δ are kept; the bin containing the target count is included).
     */
    private static double marginForShare(CategoryEntropyThreshold t, Evaluator ev, NDManager manager, PngPairDataset data, double share)
            throws IOException {
        long[] hist = gapHistogram();
        long pixels = 0;
        for (int i = 0; i < data.size(); i++) {
            Sample s = data.get(i);
            try (NDManager m = manager.newSubManager()) {
                pixels += addGaps(t, ev.probabilities(s, m), hist);
            }
            progress("pass 1b (entropy gaps for --kept-share)", i, data.size());
        }
        return marginForShare(hist, pixels, share, t.counts().length);
    }

    /** An empty entropy-gap histogram for {@link #addGaps}. */
    public static long[] gapHistogram() {
        return new long[GAP_BINS];
    }

    /** Pass 1b of one image: its entropy gaps binned into {@code hist}; returns its pixel count. */
    public static long addGaps(CategoryEntropyThreshold t, NDArray p, long[] hist) {
        double range = Math.log(t.counts().length);
        long pixels = 0;
        for (float d : t.entropyGap(p).toFloatArray()) {
            pixels++;
            if (d > CategoryEntropyThreshold.NO_CENTROID) {
                int b = (int) ((d + range) / (2 * range) * GAP_BINS);
                hist[Math.max(0, Math.min(GAP_BINS - 1, b))]++;
            }
        }
        return pixels;
    }

    /** The Δ of a summed gap histogram ({@link #addGaps} over the target set) for {@code pixels} pixels. */
    public static double marginForShare(long[] hist, long pixels, double share, int classes) {
        double range = Math.log(classes);
        long wanted = (long) Math.ceil(share * pixels), seen = 0;
        for (int b = GAP_BINS - 1; b >= 0; b--) {
            seen += hist[b];
            if (seen >= wanted) {
                return -range + 2 * range * b / GAP_BINS;
            }
        }
        return -range - 1; // fewer pixels have a centroid than wanted: keep all of them
    }

    /** The summary of a finished labelling (per-class predicted and kept pixels, centroid entropies). */
    public static Summary summary(CategoryEntropyThreshold t, double margin, Double keptShare, int images, long pixels, long[] kept) {
        long[] predicted = t.counts();
        float[] e = t.centroidEntropies();
        List<ClassStats> stats = new ArrayList<>();
        long total = 0;
        for (int l = 0; l < kept.length; l++) {
            total += kept[l];
            String name = l < ClassSet.NAMES.size() ? ClassSet.NAMES.get(l) : "class" + l;
            stats.add(new ClassStats(l, name, predicted[l], kept[l], Float.isNaN(e[l]) ? null : (double) e[l]));
        }
        return new Summary(margin, keptShare, images, pixels, total, stats);
    }

    private static void progress(String what, int i, int n) {
        if ((i + 1) % 100 == 0 || i + 1 == n) {
            System.err.printf("%s: %d/%d%n", what, i + 1, n);
        }
    }
}
