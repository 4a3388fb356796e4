package org.segadapt.run;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.segadapt.data.SegmentationDataset;
import org.segadapt.data.Subset;
import org.segadapt.data.sets.PngPairDataset;
import org.segadapt.train.Checkpoint;

/**
 * Where a checkpoint comes from, written beside it as {@code provenance.json}: the resolved spec, the segadapt
 * version and git commit, DJL and libtorch versions, device and threads, every dataset with its image count and a
 * fingerprint, and the parent runs (init, stage-1 teacher, pseudo-labels, backbone weights) by path and fingerprint,
 * so a chain of runs can be followed back ({@code segadapt provenance RUN}). Kept out of {@code state.json}, which
 * holds only what the seed determines (paths differ between two otherwise identical runs).
 *
 * <p>A dataset's fingerprint hashes every pair's relative file names and byte sizes (a hash of the pixels would read
 * all of GTA5, 57 GB); a checkpoint's hashes its {@code model.params}; a file's hashes its bytes.
 */
public record Provenance(String segadapt, String commit, String djl, String libtorch, String device, int threads, RunSpec spec,
        List<Dataset> datasets, List<Parent> parents) {
    public static final String FILE = Checkpoint.PROVENANCE;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A dataset the run read: its role (source, target, val), spec, split, image count and fingerprint. */
    public record Dataset(String role, String spec, String split, int images, String fingerprint) {}

    /** A run or file this run starts from: its role (init, pseudoLabeller, pseudoLabels, backboneWeights), path, fingerprint. */
    public record Parent(String role, String path, String fingerprint) {}

    /** A dataset's entry: role, spec, split, image count and fingerprint. */
    public static Dataset dataset(String role, String spec, String split, SegmentationDataset d) {
        return new Dataset(role, spec, split, d.size(), fingerprint(d));
    }

    /** The provenance of a run about to train on {@code datasets}. */
    public static Provenance of(RunSpec spec, Device device, List<Dataset> datasets) throws IOException {
        Properties build = build();
        List<Parent> parents = new ArrayList<>();
        if (spec.init() != null) {
            parents.add(checkpoint("init", Path.of(spec.init())));
        }
        Object teacher = spec.params().get("pseudoLabeller");
        if (teacher != null) {
            parents.add(checkpoint("pseudoLabeller", Path.of(teacher.toString())));
        }
        if (spec.method().equals(Runner.SELF_TRAINING)) {
            Path labels = Path.of(spec.target().substring(spec.target().indexOf(':') + 1));
            parents.add(new Parent("pseudoLabels", labels.toString(), sha256(labels.resolve(PseudoLabeller.SUMMARY))));
        }
        Object backbone = spec.params().get("backboneWeights");
        if (backbone != null) {
            parents.add(new Parent("backboneWeights", backbone.toString(), sha256(Path.of(backbone.toString()))));
        }
        String engine = Engine.getInstance().getVersion();
        return new Provenance(build.getProperty("git.build.version", "unknown"), commit(build), Engine.getDjlVersion(), engine,
                device.toString(), Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors()), spec,
                datasets, parents);
    }

    /** A checkpoint's fingerprint: SHA-256 of its {@code model.params} (the first 16 hex digits). */
    public static String fingerprint(Path runOrCheckpoint) throws IOException {
        return sha256(Checkpoint.resolve(runOrCheckpoint).resolve("model.params"));
    }

    /** The provenance saved with a run's latest checkpoint (or a checkpoint folder), or null for runs of 0.1.0. */
    public static Provenance read(Path runOrCheckpoint) throws IOException {
        Path f = Checkpoint.resolve(runOrCheckpoint).resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return JSON.readValue(f.toFile(), Provenance.class);
        } catch (IOException e) {
            throw new IOException(f + ": unreadable provenance (" + e.getMessage() + ")", e);
        }
    }

    /** Markdown lines for report.md. */
    public List<String> lines() {
        List<String> l = new ArrayList<>();
        l.add("- segadapt " + segadapt + " (commit " + commit + "), DJL " + djl + ", libtorch " + libtorch + ", " + device + ", "
                + threads + " threads");
        for (Dataset d : datasets) {
            l.add("- " + d.role() + ": `" + d.spec() + "` (" + d.split() + ", " + d.images() + " images, fingerprint " + d.fingerprint() + ")");
        }
        for (Parent p : parents) {
            l.add("- " + p.role() + ": `" + p.path() + "` (fingerprint " + p.fingerprint() + ")");
        }
        return l;
    }

    private static Parent checkpoint(String role, Path run) throws IOException {
        return new Parent(role, run.toString(), fingerprint(run));
    }

    /** A dataset's fingerprint: SHA-256 (16 hex digits) of its description, size and every file's name and length. */
    public static String fingerprint(SegmentationDataset d) {
        MessageDigest md = sha();
        SegmentationDataset base = d instanceof Subset s ? s.base() : d;
        md.update((d.description() + "\n" + d.size() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (base instanceof PngPairDataset png) {
            for (PngPairDataset.Pair p : png.pairs()) {
                md.update((p.name() + "|" + size(p.image()) + "|" + size(p.label()) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    private static long size(Path f) {
        try {
            return f == null ? -1 : Files.size(f);
        } catch (IOException e) {
            return -1;
        }
    }

    /** SHA-256 of a file, the first 16 hex digits. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md = sha();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new IOException(file + ": cannot fingerprint (" + e.getMessage() + ")", e);
        }
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code git.properties}, written into the jar by the build (git-commit-id-maven-plugin). */
    private static Properties build() {
        Properties p = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("/git.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // unknown build: the fields say so
        }
        return p;
    }

    private static String commit(Properties build) {
        String id = build.getProperty("git.commit.id", "unknown");
        return "true".equals(build.getProperty("git.dirty")) ? id + "-dirty" : id;
    }
}
