package org.segadapt.config;

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
 * The resolved configuration of a run, saved as {@code RUN/config.yaml} so that a run can be reproduced and
 * resumed. {@code params} holds the method's hyper-parameters under the papers' names (unsupervisedWeight,
 * focalGamma, initialThreshold, …).
 */
public record RunConfig(
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

    public RunConfig {
        if (iterations <= 0) {
            throw new IllegalArgumentException("--iters must be positive, got " + iterations);
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
    }

    public double param(String name, double fallback) {
        Object v = params.get(name);
        return v instanceof Number n ? n.doubleValue() : fallback;
    }

    public void save(Path runDir) throws IOException {
        AtomicFile.write(runDir.resolve(FILE), out -> YAML.writeValue(out, this));
    }

    public static RunConfig load(Path runDir) throws IOException {
        Path f = runDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            throw new IOException(f + ": missing; is " + runDir + " a segadapt run folder?");
        }
        try {
            return YAML.readValue(f.toFile(), RunConfig.class);
        } catch (IOException e) {
            throw new IOException(f + ": unreadable run configuration (" + e.getMessage() + ")", e);
        }
    }
}
