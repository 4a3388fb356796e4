package org.segadapt.run;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.segadapt.data.DatasetSpec;

/**
 * A named run setting, {@code src/main/resources/presets/NAME.yaml}: every value with the source it is taken from
 * (paper section or table, or the official code), optionally on top of a {@code base} preset whose values it
 * overrides. {@link #apply} sets them on a {@link RunSpec.Builder}; the command line's options and {@code --set
 * key=value} come after it. Keys are RunSpec's fields ({@code method, model, source, target, val, valSplit, init,
 * iterations, batch, crop, learningRate, scale, seed, checkpointEvery}), {@code resize}, and the hyper-parameters under
 * their papers' names ({@link Recipes#defaults(String)}).
 *
 * <pre>
 * description: TUFL stage 1, BiSeNet-R18, GTA5 → Cityscapes
 * base: tufl/bisenet-gta5-source
 * values:
 *   method: {value: focal, source: "TUFL Sec. III-B"}
 *   learningRate: {value: 5.0e-6, source: "TUFL Sec. IV-C: 0.5e-5 in stage one"}
 * </pre>
 */
public final class Preset {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> FIELDS = Set.of("method", "model", "source", "target", "val", "valSplit", "init", "iterations",
            "batch", "crop", "learningRate", "scale", "seed", "checkpointEvery");

    /** A value and where it comes from (a paper section, a table, the official code, or the preset file itself). */
    public record Value(Object value, String source) {}

    private final String name;
    private final String description;
    private final Map<String, Value> values;

    private Preset(String name, String description, Map<String, Value> values) {
        this.name = name;
        this.description = description;
        this.values = values;
    }

    /** Every preset, as listed in {@code presets/index.txt}. */
    public static List<String> names() throws IOException {
        try (InputStream in = Preset.class.getResourceAsStream("/presets/index.txt")) {
            if (in == null) {
                throw new IOException("presets/index.txt missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }

    /** Loads a preset and its bases. */
    public static Preset load(String name) throws IOException {
        return load(name, new LinkedHashSet<>());
    }

    private static Preset load(String name, Set<String> chain) throws IOException {
        String file = "presets/" + name + ".yaml";
        if (!chain.add(name)) {
            throw new IllegalArgumentException(file + ": bases form a cycle " + chain);
        }
        JsonNode root;
        try (InputStream in = Preset.class.getResourceAsStream("/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("--preset: no preset '" + name + "' (segadapt presets lists them)");
            }
            root = YAML.readTree(in);
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        Map<String, Value> values = new LinkedHashMap<>();
        if (root.hasNonNull("base")) {
            values.putAll(load(root.get("base").asText(), chain).values);
        }
        var it = root.path("values").fields();
        while (it.hasNext()) {
            var e = it.next();
            JsonNode v = e.getValue();
            if (!v.has("value") || !v.hasNonNull("source") || v.get("source").asText().isBlank()) {
                throw new IllegalArgumentException(file + ": '" + e.getKey() + "' needs {value: ..., source: ...}");
            }
            requireKnown(e.getKey(), file);
            values.put(e.getKey(), new Value(YAML.convertValue(v.get("value"), Object.class), v.get("source").asText()));
        }
        return new Preset(name, root.path("description").asText(name), values);
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** The resolved values (bases first, overridden by the preset), in order. */
    public Map<String, Value> values() {
        return values;
    }

    /** Sets every value on {@code b}. */
    public RunSpec.Builder apply(RunSpec.Builder b) {
        values.forEach((k, v) -> set(b, k, v.value(), "preset " + name));
        return b;
    }

    /** The preset's method, or null if it names none. */
    public String method() {
        Value v = values.get("method");
        return v == null ? null : String.valueOf(v.value());
    }

    /** A builder with the method's defaults ({@link Recipes#defaults}) under the preset's values. */
    public RunSpec.Builder builder() {
        return apply(RunSpec.builder().params(Recipes.defaultsOf(method())));
    }

    /** Sets one key ({@code iterations}, {@code crop}, a hyper-parameter …) on {@code b}; {@code where} names it in errors. */
    public static void set(RunSpec.Builder b, String key, Object value, String where) {
        requireKnown(key, where);
        String s = String.valueOf(value);
        try {
            switch (key) {
                case "method" -> b.method(s);
                case "model" -> b.model(s);
                case "source" -> b.source(s);
                case "target" -> b.target(s);
                case "val" -> b.val(s);
                case "valSplit" -> b.valSplit(s);
                case "init" -> b.init(s);
                case "iterations" -> b.iterations(Integer.parseInt(s));
                case "batch" -> b.batch(Integer.parseInt(s));
                case "crop" -> {
                    int[] hw = DatasetSpec.hw(s, key);
                    b.crop(hw[0], hw[1]);
                }
                case "learningRate" -> b.learningRate(Float.parseFloat(s));
                case "scale" -> {
                    String[] p = s.replaceAll("[\\[\\] ]", "").split(",");
                    b.scale(Float.parseFloat(p[0]), Float.parseFloat(p[p.length - 1]));
                }
                case "seed" -> b.seed(Long.parseLong(s));
                case "checkpointEvery" -> b.checkpointEvery(Integer.parseInt(s));
                default -> {
                    Object v = value instanceof String str ? parseScalar(str) : value;
                    HyperParameter h = HyperParameters.get(key);
                    b.param(key, h == null ? v : h.check(v, where));
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": " + key + " must be a number, got '" + s + "'");
        }
    }

    /**
     * Applies {@code --set KEY=VALUE} entries after the preset and the options; {@code placed} maps each key already
     * given on the command line to where (e.g. "--iters 2"), so a key given twice is an error naming both places.
     */
    public static void setAll(RunSpec.Builder b, List<String> sets, Map<String, String> placed) {
        for (String kv : sets) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set must be KEY=VALUE, got '" + kv + "'");
            }
            String key = kv.substring(0, eq);
            String before = placed.put(key, "--set " + kv);
            if (before != null) {
                throw new IllegalArgumentException(key + " is set twice: by " + before + " and by --set " + kv);
            }
            set(b, key, kv.substring(eq + 1), "--set " + kv);
        }
    }

    /** The resolved preset as YAML, each value with its source as a comment. */
    public String yaml() {
        StringBuilder sb = new StringBuilder("# preset ").append(name).append(": ").append(description).append('\n');
        values.forEach((k, v) -> sb.append(k).append(": ").append(v.value()).append("    # ").append(v.source()).append('\n'));
        return sb.toString();
    }

    /** The declared hyper-parameters ({@link HyperParameters}), plus run plumbing kept in the parameters. */
    static Set<String> parameterNames() {
        Set<String> names = new LinkedHashSet<>(List.of("resize", "targetSplit", "pseudoLabeller", "backboneWeights", "entropyMargin", "round"));
        HyperParameters.ALL.forEach(h -> names.add(h.key()));
        return names;
    }

    private static void requireKnown(String key, String where) {
        if (!FIELDS.contains(key) && !parameterNames().contains(key)) {
            throw new IllegalArgumentException(where + ": unknown key '" + key + "' (run fields " + FIELDS + ", or a hyper-parameter "
                    + parameterNames() + ")");
        }
    }

    /** "7" → 7, "0.05" and "1e-3" → a double, "true"/"false" → a boolean, anything else stays text. */
    static Object parseScalar(String s) {
        try {
            return Integer.valueOf(s);
        } catch (NumberFormatException notInt) {
            try {
                return Double.valueOf(s);
            } catch (NumberFormatException notNumber) {
                return s.equals("true") || s.equals("false") ? Boolean.valueOf(s) : s;
            }
        }
    }
}
