package org.segadapt.mix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.segadapt.data.Sample;
import org.segadapt.data.SegmentationDataset;
import org.segadapt.data.labels.ClassSet;
import org.segadapt.data.sets.PngPairDataset;

/**
 * TUFL's category database (Sec. III-C): M_{c_i} = {(x_s, y_s) | c_i ∈ y_s}, the labelled source samples that
 * contain each trainId, with the pixel count of that class in each.
 * <p>
 * Built once over a dataset (2 decoding threads) and cached as JSON with a fingerprint of the dataset: its
 * class and description (kind and folder, hence the label map), the sample count, every pair's file names,
 * sizes and modification times (for {@link PngPairDataset}), and the decoded size of sample 0 (which
 * changes with a load-time resize). A cache whose fingerprint, version or contents do not match is
 * rebuilt; {@link #origin()} says which happened.
 */
public final class ClassBank {
    /** Default cache file name inside the dataset folder. */
    public static final String CACHE_NAME = ".segadapt-classbank.json";
    static final int FORMAT_VERSION = 1;
    private static final int NUM_CLASSES = ClassSet.NUM_CLASSES;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One bank sample: its dataset index and name, and how many pixels of the class it holds. */
    public record Entry(int index, String name, int pixels) {}

    private final String[] names;
    private final int[][] pixels; // [sample][trainId]
    private final List<List<Entry>> byClass = new ArrayList<>();
    private final String origin;

    private ClassBank(String[] names, int[][] pixels, String origin) {
        this.names = names;
        this.pixels = pixels;
        this.origin = origin;
        for (int c = 0; c < NUM_CLASSES; c++) {
            List<Entry> list = new ArrayList<>();
            for (int i = 0; i < names.length; i++) {
                if (pixels[i][c] > 0) {
                    list.add(new Entry(i, names[i], pixels[i][c]));
                }
            }
            byClass.add(List.copyOf(list));
        }
    }

    /** The samples containing {@code trainId} (dataset order); empty for an absent class. */
    public List<Entry> samplesWith(int trainId) {
        if (trainId < 0 || trainId >= NUM_CLASSES) {
            throw new IllegalArgumentException("trainId must be in 0.." + (NUM_CLASSES - 1) + ", got " + trainId);
        }
        return byClass.get(trainId);
    }

    /** Per trainId, the number of samples that contain it. */
    public int[] counts() {
        int[] out = new int[NUM_CLASSES];
        for (int c = 0; c < NUM_CLASSES; c++) {
            out[c] = byClass.get(c).size();
        }
        return out;
    }

    /** Per trainId, the total number of its pixels over the dataset. */
    public long[] pixelTotals() {
        long[] out = new long[NUM_CLASSES];
        for (int[] p : pixels) {
            for (int c = 0; c < NUM_CLASSES; c++) {
                out[c] += p[c];
            }
        }
        return out;
    }

    public int size() {
        return names.length;
    }

    /** How this bank came to be: "read from FILE", or "built (REASON), saved to FILE". */
    public String origin() {
        return origin;
    }

    /** Builds the bank in memory, without a cache. */
    public static ClassBank build(SegmentationDataset ds) throws IOException {
        return compute(ds, "built in memory");
    }

    /**
     * Reads the bank from {@code cacheFile} when it is valid for {@code ds}; otherwise builds it and writes
     * the cache (atomically). A cache that cannot be written is reported in {@link #origin()}, not fatal.
     */
    public static ClassBank load(SegmentationDataset ds, Path cacheFile) throws IOException {
        if (!ds.labelled()) {
            throw new IllegalArgumentException(ds.description() + ": a class bank needs a labelled dataset");
        }
        String fingerprint = fingerprint(ds);
        String reason;
        if (!Files.exists(cacheFile)) {
            reason = "no cache yet";
        } else {
            try {
                return read(ds, cacheFile, fingerprint);
            } catch (IOException | RuntimeException e) {
                reason = "cache " + cacheFile + " invalid: " + e.getMessage();
            }
        }
        ClassBank built = compute(ds, reason);
        String where;
        try {
            write(cacheFile, ds, fingerprint, built);
            where = "saved to " + cacheFile;
        } catch (IOException e) {
            where = "NOT cached (" + cacheFile + ": " + e.getMessage() + ")";
        }
        return new ClassBank(built.names, built.pixels, "built (" + reason + "), " + where);
    }

    /**
     * {@link #load} with {@link #defaultCacheFile}; when the dataset folder is not writable the origin says
     * that the cache went to the fallback folder.
     */
    public static ClassBank open(SegmentationDataset ds) throws IOException {
        Path cache = defaultCacheFile(ds);
        ClassBank bank = load(ds, cache);
        if (cache.equals(fallbackCacheFile(ds))) {
            return new ClassBank(bank.names, bank.pixels, bank.origin + " [dataset folder not writable or unknown: cache kept in "
                    + cache.getParent() + "]");
        }
        return bank;
    }

    /**
     * {@code <dataset dir>/.segadapt-classbank.json} when that folder is writable, else a file named by the
     * dataset's hash under {@code ~/.cache/segadapt/}. The dataset folder is read from a {@code KIND:DIR}
     * description; a dataset without one goes to the cache folder too.
     */
    public static Path defaultCacheFile(SegmentationDataset ds) {
        String d = ds.description();
        int colon = d.indexOf(':');
        if (colon > 0) {
            Path dir = Path.of(d.substring(colon + 1));
            if (Files.isDirectory(dir) && Files.isWritable(dir)) {
                return dir.resolve(CACHE_NAME);
            }
        }
        return fallbackCacheFile(ds);
    }

    /** {@code ~/.cache/segadapt/classbank-<sha of description>.json}. */
    public static Path fallbackCacheFile(SegmentationDataset ds) {
        String hash = sha256(ds.description()).substring(0, 16);
        return Path.of(System.getProperty("user.home"), ".cache", "segadapt", "classbank-" + hash + ".json");
    }

    /** What identifies the dataset's labels: see the class comment. */
    static String fingerprint(SegmentationDataset ds) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("v").append(FORMAT_VERSION).append('\n').append(ds.getClass().getName()).append('\n')
                .append(ds.description()).append('\n').append(ds.size()).append('\n');
        if (ds instanceof PngPairDataset png) {
            for (PngPairDataset.Pair p : png.pairs()) {
                sb.append(p.name()).append('|').append(file(p.image())).append('|').append(file(p.label())).append('\n');
            }
        }
        if (ds.size() > 0) {
            Sample s = ds.get(0);
            sb.append("sample0 ").append(s.height()).append('x').append(s.width()).append('\n');
        }
        return sha256(sb.toString());
    }

    private static String file(Path f) throws IOException {
        if (f == null) {
            return "-";
        }
        return f.getFileName() + ":" + Files.size(f) + ":" + Files.getLastModifiedTime(f).toMillis();
    }

    private static ClassBank compute(SegmentationDataset ds, String origin) throws IOException {
        int n = ds.size();
        String[] names = new String[n];
        int[][] pixels = new int[n][];
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "segadapt-classbank");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int worker = 0; worker < 2; worker++) {
                int first = worker;
                jobs.add(pool.submit(() -> {
                    for (int i = first; i < n; i += 2) {
                        Sample s = ds.get(i);
                        if (!s.labelled()) {
                            throw new IOException(ds.description() + " sample #" + i + " (" + s.name() + ") has no label");
                        }
                        names[i] = s.name();
                        pixels[i] = histogram(s.label());
                    }
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(ds.description() + ": interrupted while building the class bank", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof IOException io ? io : new IOException(ds.description() + ": " + c.getMessage(), c);
        } finally {
            pool.shutdownNow();
        }
        return new ClassBank(names, pixels, origin);
    }

    static int[] histogram(byte[] label) {
        int[] h = new int[NUM_CLASSES];
        for (byte b : label) {
            int c = b & 0xFF;
            if (c < NUM_CLASSES) {
                h[c]++;
            }
        }
        return h;
    }

    private static ClassBank read(SegmentationDataset ds, Path file, String fingerprint) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        if (root == null || !root.isObject()) {
            throw new IOException("not a JSON object");
        }
        if (root.path("version").asInt(-1) != FORMAT_VERSION) {
            throw new IOException("format version " + root.path("version") + ", expected " + FORMAT_VERSION);
        }
        if (!fingerprint.equals(root.path("fingerprint").asText())) {
            throw new IOException("stale: the dataset changed since the cache was written");
        }
        JsonNode samples = root.path("samples");
        if (!samples.isArray() || samples.size() != ds.size()) {
            throw new IOException("holds " + samples.size() + " samples, dataset has " + ds.size());
        }
        String[] names = new String[ds.size()];
        int[][] pixels = new int[ds.size()][];
        for (int i = 0; i < names.length; i++) {
            JsonNode s = samples.get(i);
            JsonNode name = s.path("name"), px = s.path("pixels");
            if (!name.isTextual() || !px.isArray() || px.size() != NUM_CLASSES) {
                throw new IOException("sample #" + i + " is malformed");
            }
            names[i] = name.asText();
            pixels[i] = new int[NUM_CLASSES];
            for (int c = 0; c < NUM_CLASSES; c++) {
                JsonNode v = px.get(c);
                if (!v.canConvertToInt() || v.asInt() < 0) {
                    throw new IOException("sample #" + i + " has a bad pixel count for class " + c + ": " + v);
                }
                pixels[i][c] = v.asInt();
            }
        }
        return new ClassBank(names, pixels, "read from " + file);
    }

    private static void write(Path file, SegmentationDataset ds, String fingerprint, ClassBank bank) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", FORMAT_VERSION);
        root.put("dataset", ds.description());
        root.put("fingerprint", fingerprint);
        ArrayNode samples = root.putArray("samples");
        for (int i = 0; i < bank.names.length; i++) {
            ObjectNode s = samples.addObject();
            s.put("name", bank.names[i]);
            ArrayNode px = s.putArray("pixels");
            for (int v : bank.pixels[i]) {
                px.add(v);
            }
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".classbank", ".tmp");
        try {
            Files.writeString(tmp, JSON.writeValueAsString(root), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
