package org.segadapt.data.sets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.stream.Stream;
import org.segadapt.data.Png;
import org.segadapt.data.Resize;
import org.segadapt.data.Sample;
import org.segadapt.data.SegmentationDataset;
import org.segadapt.data.labels.LabelMap;

/**
 * Image/label PNG pairs on disk, decoded lazily: RGB image, label ids from the first channel of the
 * label PNG mapped to trainIds, optional resize (image bilinear, label nearest). Thread-safe.
 *
 * <p>Unknown labels: raw ids in [0, maxKnownRawId] that the map does not list are the dataset's own
 * void classes (Cityscapes/GTA5 "ego vehicle", "static", ...; SYNTHIA "void", ...) and become 255
 * silently. Ids above maxKnownRawId cannot come from a correct label file; they also become 255 but
 * are counted (each file once, however often it is read) so the CLI can report them.
 */
public class PngPairDataset implements SegmentationDataset {
    /** One sample's files; {@code label} is null for unlabelled data. */
    public record Pair(String name, Path image, Path label) {}

    private final String description;
    private final List<Pair> pairs;
    private final LabelMap map;
    private final int maxKnownRawId;
    private final boolean singleChannelLabels;
    private final int[] resizeHW;
    private final int[][] sizes;
    private final Set<Integer> audited = ConcurrentHashMap.newKeySet();
    private final LongAdder unknownPixels = new LongAdder();
    private final Map<Integer, LongAdder> unknownValues = new ConcurrentHashMap<>();

    /**
     * @param singleChannelLabels whether the label PNG must have one channel (palette or grey ids):
     *     a 3-channel file there is a colour-coded label, which would be silently misread
     * @param resizeHW {height, width} to resize every sample to, or null
     */
    protected PngPairDataset(String description, List<Pair> pairs, LabelMap map, int maxKnownRawId,
            boolean singleChannelLabels, int[] resizeHW) throws IOException {
        if (resizeHW != null && (resizeHW.length != 2 || resizeHW[0] <= 0 || resizeHW[1] <= 0)) {
            throw new IllegalArgumentException(description + ": resize must be {height, width} > 0");
        }
        this.description = description;
        this.pairs = List.copyOf(pairs);
        this.map = map;
        this.maxKnownRawId = maxKnownRawId;
        this.singleChannelLabels = singleChannelLabels;
        this.resizeHW = resizeHW == null ? null : resizeHW.clone();
        this.sizes = headers(this.pairs);
    }

    /** Every file's header, checked when the dataset opens; an image and its label must agree in size. */
    private static int[][] headers(List<Pair> pairs) throws IOException {
        int[][] sizes = new int[pairs.size()][];
        for (int i = 0; i < sizes.length; i++) {
            Pair p = pairs.get(i);
            sizes[i] = Png.header(p.image());
            if (p.label() != null) {
                int[] l = Png.header(p.label());
                if (l[0] != sizes[i][0] || l[1] != sizes[i][1]) {
                    throw new IOException(p.label() + ": label is " + l[1] + "x" + l[0] + " but image " + p.image() + " is "
                            + sizes[i][1] + "x" + sizes[i][0]);
                }
            }
        }
        return sizes;
    }

    @Override
    public int[] sampleSize(int index) {
        return resizeHW != null ? resizeHW.clone() : sizes[index].clone();
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public int size() {
        return pairs.size();
    }

    @Override
    public boolean labelled() {
        return !pairs.isEmpty() && pairs.get(0).label() != null;
    }

    public List<Pair> pairs() {
        return pairs;
    }

    @Override
    public Sample get(int index) throws IOException {
        Pair p = pairs.get(index);
        int[] hw = new int[2];
        float[] image = Png.readRgb(p.image(), hw);
        byte[] label = null;
        if (p.label() != null) {
            Png.Planes raw = Png.readRaw(p.label());
            if (singleChannelLabels && raw.channels() != 1) {
                throw new IOException(p.label() + ": label PNG has " + raw.channels()
                        + " channels; expected one channel of label ids (palette or grey), not a colour-coded label");
            }
            if (raw.height() != hw[0] || raw.width() != hw[1]) {
                throw new IOException(p.label() + ": label is " + raw.width() + "x" + raw.height() + " but image "
                        + p.image() + " is " + hw[1] + "x" + hw[0]);
            }
            label = toTrainIds(raw.planes()[0], audited.add(index));
        }
        Sample s = new Sample(p.name(), hw[0], hw[1], image, label);
        return resizeHW == null ? s : Resize.sample(s, resizeHW[0], resizeHW[1]);
    }

    /** Pixels seen so far whose raw id is beyond the dataset's id range (each file counted once). */
    public long unknownLabelPixels() {
        return unknownPixels.sum();
    }

    /** Raw id -> pixel count for those pixels, ascending by id. */
    public Map<Integer, Long> unknownLabelValues() {
        Map<Integer, Long> out = new TreeMap<>();
        unknownValues.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private byte[] toTrainIds(int[] raw, boolean count) {
        byte[] out = new byte[raw.length];
        for (int i = 0; i < raw.length; i++) {
            int id = raw[i];
            out[i] = (byte) map.trainId(id);
            if (count && id > maxKnownRawId) {
                unknownPixels.increment();
                unknownValues.computeIfAbsent(id, k -> new LongAdder()).increment();
            }
        }
        return out;
    }

    // ---- discovery helpers for the concrete layouts ----

    static void requireDir(String spec, Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(spec + ": folder " + dir + " does not exist");
        }
    }

    /** Files in {@code dir} whose name ends with {@code suffix}, keyed by the name minus the suffix (sorted). */
    static TreeMap<String, Path> list(Path dir, String suffix) throws IOException {
        TreeMap<String, Path> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                String n = f.getFileName().toString();
                if (n.endsWith(suffix) && Files.isRegularFile(f)) {
                    out.put(n.substring(0, n.length() - suffix.length()), f);
                }
            }
        }
        return out;
    }

    /**
     * Pairs images and labels with equal keys, in key order; any file without a partner is an error
     * that names it and the partner that was expected.
     */
    static List<Pair> pairByKey(String spec, TreeMap<String, Path> images, TreeMap<String, Path> labels,
            Function<String, Path> expectedImage, Function<String, Path> expectedLabel) throws IOException {
        List<Pair> out = new ArrayList<>();
        for (var e : images.entrySet()) {
            Path label = labels.get(e.getKey());
            if (label == null) {
                throw new IOException(spec + ": image " + e.getValue() + " has no label (expected "
                        + expectedLabel.apply(e.getKey()) + ")");
            }
            out.add(new Pair(e.getKey(), e.getValue(), label));
        }
        for (var e : labels.entrySet()) {
            if (!images.containsKey(e.getKey())) {
                throw new IOException(spec + ": label " + e.getValue() + " has no image (expected "
                        + expectedImage.apply(e.getKey()) + ")");
            }
        }
        return out;
    }

    static void requireNonEmpty(String spec, List<Pair> pairs, Path where, boolean labelled) throws IOException {
        if (pairs.isEmpty()) {
            throw new IOException(spec + ": no " + (labelled ? "image/label pairs" : "images") + " found in " + where);
        }
    }
}
