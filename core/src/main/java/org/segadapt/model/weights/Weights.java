package org.segadapt.model.weights;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.segadapt.model.SegmentationModel;
import ai.djl.ndarray.index.NDIndex;
import org.segadapt.nd.Scalars;

/**
 * Loading PyTorch weights (safetensors, PyTorch names, see {@link TorchNames}) into a model and saving a
 * model's weights under the same names.
 *
 * <p>Strict by default, like {@code load_state_dict(strict=True)}: keys the model needs but the file lacks,
 * keys the file has but the model does not, and shape mismatches are all listed by name in one
 * {@link IncompatibleWeightsException}, and nothing is changed. With {@code allowPartial} the matching tensors
 * are loaded and the rest is reported. A common prefix such as {@code module.}, {@code backbone.} or
 * {@code Scale.} is found and stripped; {@code num_batches_tracked} is ignored.
 */
public final class Weights {
    private static final int LIST_LIMIT = 40;

    /**
     * @param allowPartial load what matches, report the rest instead of failing
     * @param backboneOnly load only the pretrained backbone (ImageNet ResNet names); other file keys are ignored
     * @param renames      prefix rewrites applied after prefix stripping, first match wins (e.g. {@code layer6.} →
     *                     {@code layer5.}); an empty target drops the key
     */
    public record Options(boolean allowPartial, boolean backboneOnly, Map<String, String> renames) {
        public Options {
            renames = renames == null ? Map.of() : new LinkedHashMap<>(renames);
        }
    }

    /** What a load did: names are the model-side PyTorch names (file names after prefix stripping and renames). */
    public record Report(List<String> loaded, List<String> missing, List<String> unexpected, List<String> mismatched,
            List<String> dropped, String strippedPrefix, Map<String, String> metadata) {
        public boolean complete() {
            return missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty();
        }

        /** A few lines for the console. */
        public String summary() {
            StringBuilder sb = new StringBuilder();
            sb.append(loaded.size()).append(" tensors loaded");
            if (!strippedPrefix.isEmpty()) {
                sb.append(" (prefix '").append(strippedPrefix).append("' stripped)");
            }
            sb.append('\n');
            appendList(sb, "missing from the file (left as initialised)", missing);
            appendList(sb, "in the file but not in the model (ignored)", unexpected);
            appendList(sb, "shape mismatch (left as initialised)", mismatched);
            appendList(sb, "dropped by --rename", dropped);
            return sb.toString();
        }
    }

    private Weights() {}

    /** As {@link #load(SegmentationModel, Path, Options)} without renames. */
    public static Report load(SegmentationModel model, Path file, boolean allowPartial, boolean backboneOnly) throws IOException {
        return load(model, file, new Options(allowPartial, backboneOnly, Map.of()));
    }

    /**
     * Copies the tensors of a safetensors file into an initialised model's parameters.
     *
     * @throws IncompatibleWeightsException (strict mode) listing missing, unexpected and mismatched names
     * @throws IOException                  the file cannot be read (the message names it)
     */
    public static Report load(SegmentationModel model, Path file, Options options) throws IOException {
        Map<String, Parameter> expected;
        if (options.backboneOnly()) {
            expected = TorchNames.backbone(model);
            if (expected == null) {
                throw new IllegalArgumentException("model '" + model.kind() + "' has no pretrained backbone to load from " + file);
            }
        } else {
            expected = TorchNames.of(model);
        }
        requireInitialized(model, expected);
        // read on the CPU: the values are copied into the parameters' own arrays, wherever those live
        try (NDManager scratch = NDManager.newBaseManager(Device.cpu())) {
            Safetensors.Header header = Safetensors.header(file);
            Map<String, NDArray> tensors = Safetensors.read(file, scratch);
            return assign(expected, tensors, options, file.toString(), header.metadata());
        }
    }

    /**
     * {@code train|adapt --backbone-weights FILE}: the ImageNet backbone from {@code file} (strict on the backbone;
     * the file's other tensors, e.g. torchvision's {@code fc.*}, are ignored and reported).
     */
    public static Report initBackbone(SegmentationModel model, Path file) throws IOException {
        return load(model, file, new Options(false, true, Map.of()));
    }

    /**
     * Sets every parameter whose PyTorch name starts with {@code prefix} to zero and returns their names. AdaptSegNet's
     * released classifier returns after its first two ASPP branches, so its checkpoints reproduce here only with
     * {@code layer5.conv2d_list.2.} and {@code layer5.conv2d_list.3.} zeroed.
     */
    public static List<String> zero(SegmentationModel model, String prefix) {
        List<String> names = new ArrayList<>();
        TorchNames.of(model).forEach((n, p) -> {
            if (n.startsWith(prefix)) {
                p.getArray().set(new NDIndex("..."), p.getArray().zerosLike());
                names.add(n);
            }
        });
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no parameter of '" + model.kind() + "' is named " + prefix + "…");
        }
        return names;
    }

    /** Writes every parameter under its PyTorch name (F32 safetensors, atomically); metadata names kind and norm. */
    public static void save(SegmentationModel model, Path file) throws IOException {
        Map<String, Parameter> names = TorchNames.of(model);
        requireInitialized(model, names);
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        names.forEach((n, p) -> tensors.put(n, p.getArray()));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("segadapt.model", model.kind());
        meta.put("segadapt.numClasses", Integer.toString(model.numClasses()));
        meta.put("segadapt.inputNorm", model.inputNorm().name());
        Safetensors.write(file, tensors, meta);
    }

    /**
     * Matches file tensors to {@code expected} by name and copies them in. Public for modules without a model of
     * their own (tools/Parity.java loads a bare torchvision ResNet-101 through it).
     */
    public static Report assign(Map<String, Parameter> expected, Map<String, NDArray> tensors, Options options, String source,
            Map<String, String> metadata) throws IncompatibleWeightsException {
        Map<String, NDArray> file = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
            if (!k.equals("num_batches_tracked") && !k.endsWith(".num_batches_tracked")) {
                file.put(k, v);
            }
        });
        String prefix = commonPrefix(file.keySet(), expected.keySet());
        List<String> dropped = new ArrayList<>();
        Map<String, NDArray> byName = new LinkedHashMap<>();
        Map<String, String> original = new HashMap<>();
        for (var e : file.entrySet()) {
            String name = e.getKey().startsWith(prefix) ? e.getKey().substring(prefix.length()) : e.getKey();
            String renamed = rename(name, options.renames());
            if (renamed == null) {
                dropped.add(name);
                continue;
            }
            if (byName.put(renamed, e.getValue()) != null) {
                throw new IncompatibleWeightsException(source + ": two tensors map to '" + renamed + "' (check --rename)",
                        List.of(), List.of(), List.of());
            }
            original.put(renamed, e.getKey());
        }
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        List<String> loaded = new ArrayList<>();
        for (var e : expected.entrySet()) {
            NDArray t = byName.get(e.getKey());
            if (t == null) {
                missing.add(e.getKey());
                continue;
            }
            Shape want = e.getValue().getArray().getShape();
            if (!t.getShape().equals(want)) {
                mismatched.add(e.getKey() + ": file " + t.getShape() + ", model " + want);
            } else {
                loaded.add(e.getKey());
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String n : byName.keySet()) {
            if (!expected.containsKey(n)) {
                unexpected.add(original.get(n));
            }
        }
        // a backbone file legitimately holds more (torchvision's fc, a segmentation head): not an error
        boolean unexpectedIsError = !options.backboneOnly();
        boolean fail = !options.allowPartial() && (!missing.isEmpty() || !mismatched.isEmpty() || unexpectedIsError && !unexpected.isEmpty());
        if (loaded.isEmpty() || fail) {
            StringBuilder sb = new StringBuilder(source).append(": weights do not fit this ")
                    .append(options.backboneOnly() ? "backbone" : "model");
            if (loaded.isEmpty() && mismatched.isEmpty()) {
                sb.append(" (no tensor name matches; the file starts with ")
                        .append(file.keySet().stream().limit(3).toList()).append(", the model expects ")
                        .append(expected.keySet().stream().limit(3).toList()).append(')');
            }
            sb.append('\n');
            appendList(sb, "missing from the file", missing);
            appendList(sb, "shape mismatch", mismatched);
            if (unexpectedIsError) {
                appendList(sb, "unexpected (not in the model)", unexpected);
            }
            if (!loaded.isEmpty()) {
                sb.append("use --allow-partial to load the ").append(loaded.size()).append(" matching tensors and keep the rest as initialised\n");
            }
            throw new IncompatibleWeightsException(sb.toString().strip(), missing, unexpected, mismatched);
        }
        for (String n : loaded) {
            copyInto(expected.get(n), byName.get(n));
        }
        return new Report(loaded, missing, unexpected, mismatched, dropped, prefix, metadata == null ? Map.of() : metadata);
    }

    private static String rename(String name, Map<String, String> renames) {
        for (var r : renames.entrySet()) {
            if (name.startsWith(r.getKey())) {
                return r.getValue().isEmpty() ? null : r.getValue() + name.substring(r.getKey().length());
            }
        }
        return name;
    }

    /**
     * The prefix ({@code ""}, {@code module.}, {@code backbone.}, {@code cp.resnet.} …) whose removal makes most file
     * keys model names; ties go to the shorter prefix.
     */
    static String commonPrefix(Set<String> fileKeys, Set<String> expected) {
        Map<String, Integer> votes = new HashMap<>();
        for (String k : fileKeys) {
            Set<String> seen = new java.util.HashSet<>();
            for (String e : expected) {
                if (k.equals(e)) {
                    seen.add("");
                } else if (k.length() > e.length() && k.endsWith(e) && k.charAt(k.length() - e.length() - 1) == '.') {
                    seen.add(k.substring(0, k.length() - e.length()));
                }
            }
            seen.forEach(p -> votes.merge(p, 1, Integer::sum));
        }
        String best = "";
        int bestVotes = votes.getOrDefault("", 0);
        for (var v : votes.entrySet()) {
            if (v.getValue() > bestVotes || v.getValue() == bestVotes && v.getKey().length() < best.length()) {
                best = v.getKey();
                bestVotes = v.getValue();
            }
        }
        return best;
    }

    /**
     * Overwrites a parameter's values in place (its array, device and gradient flag stay). An indexed copy, not
     * {@code set(Buffer)}: that would hand the parameter's storage to a JVM buffer ({@link org.segadapt.nd.HostArrays}).
     */
    private static void copyInto(Parameter p, NDArray src) {
        p.getArray().set(new NDIndex("..."), src.toDevice(p.getArray().getDevice(), false).toType(p.getArray().getDataType(), false));
    }

    private static void requireInitialized(SegmentationModel model, Map<String, Parameter> params) {
        for (var e : params.entrySet()) {
            if (!e.getValue().isInitialized()) {
                throw new IllegalStateException("model '" + model.kind() + "' is not initialised (parameter " + e.getKey()
                        + "); call Models.initialize first");
            }
        }
    }

    private static void appendList(StringBuilder sb, String what, List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        sb.append("  ").append(names.size()).append(' ').append(what).append(":\n");
        List<String> lines = grouped(names);
        for (int i = 0; i < Math.min(LIST_LIMIT, lines.size()); i++) {
            sb.append("    ").append(lines.get(i)).append('\n');
        }
        if (lines.size() > LIST_LIMIT) {
            sb.append("    … and ").append(lines.size() - LIST_LIMIT).append(" more modules\n");
        }
    }

    /** Consecutive names of one module on one line: {@code stem.bn.{weight, bias, running_mean}}. */
    static List<String> grouped(List<String> names) {
        List<String> lines = new ArrayList<>();
        int i = 0;
        while (i < names.size()) {
            String n = names.get(i);
            int dot = n.lastIndexOf('.');
            // shape-mismatch entries ("name: file …") and names without a module stay on their own line
            if (dot < 0 || n.contains(":")) {
                lines.add(n);
                i++;
                continue;
            }
            String module = n.substring(0, dot + 1);
            List<String> leaves = new ArrayList<>();
            while (i < names.size() && names.get(i).startsWith(module) && names.get(i).indexOf('.', module.length()) < 0
                    && !names.get(i).contains(":")) {
                leaves.add(names.get(i).substring(module.length()));
                i++;
            }
            lines.add(leaves.size() == 1 ? module + leaves.get(0) : module + "{" + String.join(", ", leaves) + "}");
        }
        return lines;
    }
}
