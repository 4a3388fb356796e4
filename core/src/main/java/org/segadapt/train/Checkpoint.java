package org.segadapt.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.segadapt.model.InputNorm;
import org.segadapt.model.Models;
import org.segadapt.model.SegmentationModel;
import org.segadapt.io.Trees;
import org.segadapt.nd.HostArrays;

/**
 * A run's checkpoints: {@code RUN/checkpoints/iter-NNNNNN/} holding {@code model.params}, optional
 * {@code optimizer.ndlist}, auxiliary networks ({@code <name>.params}) and {@code state.json}; {@code RUN/latest}
 * names the newest. Each checkpoint is written into a temporary folder and renamed, and {@code latest} is
 * replaced atomically, so an interrupted write never leaves a half checkpoint behind.
 */
public final class Checkpoint {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int KEEP = 2;
    /** Where the run came from (see {@code run.Provenance}); not in state.json, which only the seed determines. */
    public static final String PROVENANCE = "provenance.json";

    /**
     * Called at each step of {@link #save} ({@code written}: files complete in the temporary folder; {@code renamed}:
     * folder in place, {@code latest} not yet moved; {@code latest}: {@code latest} moved, older checkpoints not yet
     * pruned). A no-op; the crash tests kill the process here to prove every step leaves a resumable run.
     */
    static volatile java.util.function.Consumer<String> stage = s -> {};

    /** Metadata of a checkpoint. {@code state} carries method state such as TUFL thresholds. */
    public record Meta(String model, int numClasses, String inputNorm, String method, int iteration, int totalIterations,
            Map<String, Object> state) {}

    /** A loaded checkpoint: the model with its weights and the metadata. */
    public record Loaded(SegmentationModel model, Meta meta, Path dir) {
        /** Loads the optimiser state saved with this checkpoint, or null if none. */
        public NDList optimizerState(NDManager manager) throws IOException {
            Path f = dir.resolve("optimizer.ndlist");
            if (!Files.exists(f)) {
                return null;
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(f))) {
                NDList owned = new NDList();
                NDList.decode(manager, in).forEach(a -> owned.add(HostArrays.owned(a, manager.getDevice())));
                return owned;
            }
        }

        /** Loads an auxiliary network's weights (e.g. a discriminator) into {@code block}, if saved. */
        public boolean loadAuxiliary(String name, Block block, NDManager manager) throws IOException {
            Path f = dir.resolve(name + ".params");
            if (!Files.exists(f)) {
                return false;
            }
            readParams(f, block, manager);
            return true;
        }
    }

    private Checkpoint() {}

    /**
     * Writes checkpoint {@code iter-NNNNNN} and points {@code latest} at it. On failure (disk full, unwritable folder)
     * nothing is changed: the previous checkpoint and {@code latest} stay as they were, and the error names the folder.
     */
    public static Path save(Path run, Block model, Meta meta, NDList optimizerState, Map<String, Block> auxiliary,
            Object provenance) throws IOException {
        Path dir = run.resolve("checkpoints");
        String name = String.format("iter-%06d", meta.iteration());
        Path target = dir.resolve(name);
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            removeStale(dir);
            tmp = Files.createTempDirectory(dir, ".tmp-" + name);
            writeParams(tmp.resolve("model.params"), model);
            for (var e : auxiliary.entrySet()) {
                writeParams(tmp.resolve(e.getKey() + ".params"), e.getValue());
            }
            if (optimizerState != null && !optimizerState.isEmpty()) {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp.resolve("optimizer.ndlist")))) {
                    optimizerState.encode(out);
                }
            }
            JSON.writeValue(tmp.resolve("state.json").toFile(), meta);
            if (provenance != null) {
                JSON.writeValue(tmp.resolve(PROVENANCE).toFile(), provenance);
            }
            stage.accept("written");
            if (Files.exists(target)) { // the same iteration saved again: never delete what latest may name before replacing it
                Path old = dir.resolve(".old-" + name);
                Trees.delete(old);
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            stage.accept("renamed");
            Path latestTmp = Files.createTempFile(run, ".latest", "");
            try {
                Files.writeString(latestTmp, "checkpoints/" + name + "\n");
                Files.move(latestTmp, run.resolve("latest"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(latestTmp);
            }
            stage.accept("latest");
            prune(dir, target);
            return target;
        } catch (IOException | UncheckedIOException e) {
            String why = e instanceof UncheckedIOException u ? u.getCause().toString() : e.toString();
            throw new IOException(target + ": checkpoint not written (" + why + "); the previous checkpoint is intact", e);
        } finally {
            if (tmp != null) {
                Trees.delete(tmp);
            }
        }
    }

    /** Leftovers of a save that was killed: temporary folders, and a folder set aside while its iteration was re-saved. */
    private static void removeStale(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".")).toList()) {
                String n = p.getFileName().toString();
                Path original = dir.resolve(n.replaceFirst("^\\.old-", ""));
                if (n.startsWith(".old-") && !Files.exists(original)) {
                    Files.move(p, original, StandardCopyOption.ATOMIC_MOVE); // killed between the two moves: put it back
                } else {
                    Trees.delete(p);
                }
            }
        }
    }

    /** Resolves a run folder (via {@code latest}) or a checkpoint folder to the checkpoint folder. */
    public static Path resolve(Path runOrCheckpoint) throws IOException {
        if (Files.isRegularFile(runOrCheckpoint.resolve("state.json"))) {
            return runOrCheckpoint;
        }
        Path latest = runOrCheckpoint.resolve("latest");
        if (!Files.isRegularFile(latest)) {
            throw new IOException(runOrCheckpoint + ": not a run or checkpoint folder (no 'latest' file and no state.json)");
        }
        Path dir = runOrCheckpoint.resolve(Files.readString(latest).trim());
        Path setAside = dir.resolveSibling(".old-" + dir.getFileName());
        if (!Files.exists(dir) && Files.isRegularFile(setAside.resolve("state.json"))) {
            return setAside; // killed while re-saving this iteration: the complete old copy (save() moves it back)
        }
        if (!Files.isRegularFile(dir.resolve("state.json"))) {
            throw new IOException(latest + ": names " + dir + ", which holds no state.json");
        }
        return dir;
    }

    public static Meta readMeta(Path runOrCheckpoint) throws IOException {
        Path dir = resolve(runOrCheckpoint);
        try {
            return JSON.readValue(dir.resolve("state.json").toFile(), Meta.class);
        } catch (IOException e) {
            throw new IOException(dir.resolve("state.json") + ": corrupt checkpoint metadata (" + e.getMessage() + ")", e);
        }
    }

    /** Builds the model the checkpoint describes and loads its weights. */
    public static Loaded load(Path runOrCheckpoint, NDManager manager) throws IOException {
        return load(runOrCheckpoint, manager, null);
    }

    /** As {@link #load(Path, NDManager)}, failing clearly if the checkpoint holds another kind of model. */
    public static Loaded load(Path runOrCheckpoint, NDManager manager, String expectedKind) throws IOException {
        Path dir = resolve(runOrCheckpoint);
        Meta meta = readMeta(dir);
        if (expectedKind != null && !expectedKind.equals(meta.model())) {
            throw new IOException(dir + ": checkpoint holds a '" + meta.model() + "' model, but '" + expectedKind + "' was asked for");
        }
        if (meta.numClasses() == 0) {
            throw new IOException(dir + ": holds a '" + meta.model() + "' image translator (train-translator), not a segmenter");
        }
        SegmentationModel model = Models.create(meta.model(), meta.numClasses());
        Models.initialize(model, manager);
        model.setInputNorm(InputNorm.named(meta.inputNorm()));
        readParams(dir.resolve("model.params"), model, manager);
        return new Loaded(model, meta, dir);
    }

    /** Copies a checkpoint's weights into an existing model of the same kind (stage 2's two networks). */
    public static Meta loadInto(Path runOrCheckpoint, SegmentationModel model, NDManager manager) throws IOException {
        Path dir = resolve(runOrCheckpoint);
        Meta meta = readMeta(dir);
        if (!model.kind().equals(meta.model()) || model.numClasses() != meta.numClasses()) {
            throw new IOException(dir + ": checkpoint holds a '" + meta.model() + "' model with " + meta.numClasses()
                    + " classes, not '" + model.kind() + "' with " + model.numClasses());
        }
        model.setInputNorm(InputNorm.named(meta.inputNorm()));
        readParams(dir.resolve("model.params"), model, manager);
        return meta;
    }

    private static void writeParams(Path file, Block block) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            block.saveParameters(out);
        }
    }

    /** Copies a checkpoint's {@code model.params} into a network that is not a segmenter (a CycleGAN generator). */
    public static Meta loadNetwork(Path runOrCheckpoint, Block network, NDManager manager) throws IOException {
        Path dir = resolve(runOrCheckpoint);
        Meta meta = readMeta(dir);
        readParams(dir.resolve("model.params"), network, manager);
        return meta;
    }

    private static void readParams(Path file, Block block, NDManager manager) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": missing from checkpoint");
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            block.loadParameters(manager, in);
        } catch (MalformedModelException | RuntimeException | IOException e) {
            throw new IOException(file + ": weights do not fit this network (" + e.getMessage() + ")", e);
        }
        // DJL decodes into JVM buffers: give every parameter a libtorch-owned copy (HostArrays); the copy comes
        // without autograd, so trainable ones must collect gradients again
        for (var p : block.getParameters().values()) {
            NDArray decoded = p.getArray();
            decoded.intern(decoded.duplicate());
        }
        for (var p : block.getParameters().values()) {
            if (p.requiresGradient() && !p.getArray().hasGradient()) {
                p.getArray().setRequiresGradient(true);
            }
        }
    }

    private static void prune(Path dir, Path keep) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.list(dir)) {
            all = s.filter(p -> p.getFileName().toString().startsWith("iter-")).sorted(Comparator.reverseOrder()).toList();
        }
        for (int i = KEEP; i < all.size(); i++) {
            if (!all.get(i).equals(keep)) {
                Trees.delete(all.get(i));
            }
        }
    }

    /** Removes a whole run folder (the demo replaces its own); refuses folders that do not look like runs. */
    public static void deleteRun(Path run) throws IOException {
        if (!Files.exists(run)) {
            return;
        }
        try (Stream<Path> s = Files.list(run)) {
            boolean looksLikeRuns = s.allMatch(p -> Files.isDirectory(p) || p.getFileName().toString().matches("report\\.md|\\.lock|.*\\.(csv|json|yaml|png)"));
            if (!looksLikeRuns) {
                throw new IOException(run + ": exists and holds files that are not segadapt outputs; not deleting it");
            }
        }
        Trees.delete(run);
    }
}
