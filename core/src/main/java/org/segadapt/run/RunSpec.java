package org.segadapt.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.segadapt.io.AtomicFile;

/**
 * What a run trains, resolved and saved as {@code RUN/config.yaml}, so that a run can be reproduced and resumed; built
 * with {@link #builder()} (or {@link #toBuilder()} from another spec) and validated when built. {@code params} holds
 * the method's hyper-parameters under the papers' names (unsupervisedWeight, focalGamma, initialThreshold, …; the
 * defaults of a method come from {@link Recipes#defaults(String)}) and the run's {@code resize}.
 *
 * <pre>{@code
 * RunSpec spec = RunSpec.builder().method("source-only").model("small").source("gta5:data/streets/source")
 *         .iterations(600).batch(8).crop(128, 256).learningRate(0.02f).build();
 * }</pre>
 */
public record RunSpec(
        String method,
        String model,
        String source,
        String target,
        String val,
        String valSplit,
        String init,
        int iterations,
        int batch,
        int cropHeight,
        int cropWidth,
        float learningRate,
        float scaleMin,
        float scaleMax,
        long seed,
        int checkpointEvery,
        Map<String, Object> params) {

    public static final String FILE = "config.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public RunSpec {
        if (iterations <= 0) {
            throw new IllegalArgumentException("--iters must be positive, got " + iterations);
        }
        if (method == null || model == null) {
            throw new IllegalArgumentException("a run needs a method and a model");
        }
        if (cropHeight <= 0 || cropWidth <= 0) {
            throw new IllegalArgumentException("--crop must be positive, got " + cropHeight + "x" + cropWidth);
        }
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("--checkpoint-every must be >= 0, got " + checkpointEvery);
        }
        if (batch <= 0) {
            throw new IllegalArgumentException("--batch must be positive, got " + batch);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("--lr must be positive, got " + learningRate);
        }
        if (!(scaleMin > 0 && scaleMax >= scaleMin)) {
            throw new IllegalArgumentException("scale range must satisfy 0 < min <= max, got " + scaleMin + ".." + scaleMax);
        }
        params = params == null ? new LinkedHashMap<>() : new LinkedHashMap<>(params);
        MethodSpec.of(method, params); // the method's name and hyper-parameters, validated against their declarations
    }

    /** The typed recipe: {@link MethodSpec#of(RunSpec)}. */
    public MethodSpec methodSpec() {
        return MethodSpec.of(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.method = method;
        b.model = model;
        b.source = source;
        b.target = target;
        b.val = val;
        b.valSplit = valSplit;
        b.init = init;
        b.iterations = iterations;
        b.batch = batch;
        b.cropHeight = cropHeight;
        b.cropWidth = cropWidth;
        b.learningRate = learningRate;
        b.scaleMin = scaleMin;
        b.scaleMax = scaleMax;
        b.seed = seed;
        b.checkpointEvery = checkpointEvery;
        b.params = new LinkedHashMap<>(params);
        return b;
    }

    /** Builds a {@link RunSpec}; the defaults are the command line's ({@code train --help}). */
    public static final class Builder {
        private String method = "source-only", model = "bisenet", source, target, val, valSplit = "val", init;
        private int iterations = 2000, batch = 2, cropHeight = 256, cropWidth = 512, checkpointEvery = 500;
        private float learningRate = 2.5e-4f, scaleMin = 0.75f, scaleMax = 1.25f;
        private long seed = 1;
        private Map<String, Object> params = new LinkedHashMap<>();

        private Builder() {}

        /** The recipe by name ({@link MethodSpec#NAMES}); its hyper-parameters are set with {@link #param} or {@link #params}. */
        public Builder method(String v) { method = v; return this; }
        /** The recipe with its hyper-parameters, replacing those of any other method (plumbing such as resize stays). */
        public Builder method(MethodSpec m) {
            method = m.name();
            params.keySet().removeIf(k -> HyperParameters.get(k) != null || k.equals(MethodSpec.PSEUDO_LABELLER));
            params.putAll(m.params());
            return this;
        }
        /** small, bisenet or deeplabv2. */
        public Builder model(String v) { model = v; return this; }
        /** Labelled source, {@code KIND:DIR[@FROM:TO]}. */
        public Builder source(String v) { source = v; return this; }
        /** Unlabelled target, {@code cityscapes:DIR}. */
        public Builder target(String v) { target = v; return this; }
        /** Labelled validation set evaluated at the end. */
        public Builder val(String v) { val = v; return this; }
        /** Split of the validation set (default val). */
        public Builder valSplit(String v) { valSplit = v; return this; }
        /** Run or checkpoint the network starts from. */
        public Builder init(String v) { init = v; return this; }
        public Builder iterations(int v) { iterations = v; return this; }
        /** Images per domain and step. */
        public Builder batch(int v) { batch = v; return this; }
        public Builder crop(int height, int width) { cropHeight = height; cropWidth = width; return this; }
        /** Base learning rate of the schedule. */
        public Builder learningRate(float v) { learningRate = v; return this; }
        /** Random rescaling range of the training crops. */
        public Builder scale(float min, float max) { scaleMin = min; scaleMax = max; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder checkpointEvery(int v) { checkpointEvery = v; return this; }
        /** Sets a hyper-parameter (papers' names); null removes it. */
        public Builder param(String name, Object value) {
            if (value == null) {
                params.remove(name);
            } else {
                params.put(name, value);
            }
            return this;
        }
        /** Replaces every hyper-parameter, e.g. with {@link Recipes#defaults(String)} of the method. */
        public Builder params(Map<String, Object> v) { params = new LinkedHashMap<>(v); return this; }

        public RunSpec build() {
            return new RunSpec(method, model, source, target, val, valSplit, init, iterations, batch, cropHeight, cropWidth,
                    learningRate, scaleMin, scaleMax, seed, checkpointEvery, params);
        }
    }

    public double param(String name, double fallback) {
        Object v = params.get(name);
        return v instanceof Number n ? n.doubleValue() : fallback;
    }

    /** The spec as config.yaml holds it. */
    public static String yaml(RunSpec spec) throws IOException {
        return YAML.writeValueAsString(spec);
    }

    /** Saves the spec, with the value of every hyper-parameter whose default changed written out (it then reads back the same). */
    public void save(Path runDir) throws IOException {
        Map<String, Object> p = new LinkedHashMap<>(params);
        HyperParameters.CHANGED_DEFAULTS.keySet().stream().filter(h -> h.appliesTo(method)).forEach(h -> p.putIfAbsent(h.key(), h.defaultFor(method)));
        RunSpec explicit = toBuilder().params(p).build();
        AtomicFile.write(runDir.resolve(FILE), out -> YAML.writeValue(out, explicit));
    }

    public static RunSpec load(Path runDir) throws IOException {
        Path f = runDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            throw new IOException(f + ": missing; is " + runDir + " a segadapt run folder?");
        }
        try {
            RunSpec saved = YAML.readValue(f.toFile(), RunSpec.class);
            // a run saved before a default changed trained with the old one
            Map<String, Object> p = new LinkedHashMap<>(saved.params());
            HyperParameters.CHANGED_DEFAULTS.forEach((h, before) -> {
                if (h.appliesTo(saved.method())) {
                    p.putIfAbsent(h.key(), before);
                }
            });
            return saved.toBuilder().params(p).build();
        } catch (IOException e) {
            throw new IOException(f + ": unreadable run configuration (" + e.getMessage() + ")", e);
        }
    }
}
