package org.segadapt.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.segadapt.data.DatasetSpec;
import org.segadapt.run.RunSpec;
import org.segadapt.run.Preset;
import org.segadapt.run.Recipes;
import org.segadapt.run.Runner;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options of every command that trains runs: {@code train}, {@code adapt}, {@code self-train}. */
class RunOptions {
    @Option(names = "--val", description = "labelled validation set evaluated at the end, e.g. cityscapes:DIR")
    String val;

    @Option(names = "--val-split", defaultValue = "val", description = "split of --val (default: ${DEFAULT-VALUE})")
    String valSplit;

    @Option(names = "--iters", defaultValue = "2000", description = "training iterations (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--batch", defaultValue = "2", description = "images per domain and step (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--crop", defaultValue = "256x512", description = "training crop HxW (default: ${DEFAULT-VALUE})")
    String crop;

    @Option(names = "--scale", defaultValue = "0.75,1.25", split = ",", description = "random scale range (default: ${DEFAULT-VALUE})")
    float[] scale;

    @Option(names = "--lr", defaultValue = "2.5e-4", description = "base learning rate (paper: 2.5e-4; default: ${DEFAULT-VALUE})")
    float lr;

    @Option(names = "--resize", defaultValue = "none",
            description = "resize on load: none | protocol (GTA5 1280x720, SYNTHIA 1280x760, Cityscapes 1024x512) | HxW")
    String resize;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--checkpoint-every", defaultValue = "500", description = "checkpoint interval (default: ${DEFAULT-VALUE})")
    int checkpointEvery;

    @Option(names = "--workers", defaultValue = "2", description = "data loader threads (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--no-progress", description = "no progress bar (logs and CI)")
    boolean noProgress;

    @Option(names = "--preset", description = "start from a preset of the papers' or the benchmark's settings (segadapt presets); "
            + "options given explicitly override it")
    String preset;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "set any run field or hyper-parameter, over the preset and the "
            + "options (repeatable), e.g. --set unsupervisedWeight=0.1")
    List<String> sets = new ArrayList<>();

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    Runner.Options runnerOptions() {
        return new Runner.Options(workers, !noProgress);
    }

    /** The preset's method (null without a preset or when it names none). */
    String presetMethod() throws IOException {
        return preset == null ? null : Preset.load(preset).method();
    }

    /** Whether the command line gave this option (rather than picocli filling in its default). */
    boolean given(String option) {
        return mixee.commandLine().getParseResult().hasMatchedOption(option);
    }

    /**
     * The run these options describe: the method's defaults, then the preset (if any), then the options — without a
     * preset every option with its default, with one only those given — then {@code explicit} (the command's own
     * options, by key), then {@code --set}. A key given twice on the command line is an error naming both places.
     * {@code model} is the command's choice, kept over a preset only when {@code --model} was given or {@code force}.
     */
    RunSpec config(String method, String model, boolean forceModel, String source, String target, String init,
            Map<String, Object> explicit) throws IOException {
        Preset p = preset == null ? null : Preset.load(preset);
        if (p != null && p.method() != null && !p.method().equals(method)) {
            throw new IllegalArgumentException("--preset " + preset + " is a '" + p.method() + "' preset, not for method '" + method + "'");
        }
        RunSpec.Builder b = p != null ? p.builder() : RunSpec.builder().params(Recipes.defaultsOf(method));
        b.method(method);
        Map<String, String> placed = new LinkedHashMap<>();
        Object[][] options = {{"--val", "val", val}, {"--val-split", "valSplit", valSplit}, {"--iters", "iterations", iterations},
            {"--batch", "batch", batch}, {"--crop", "crop", crop}, {"--scale", "scale", scale[0] + "," + scale[scale.length - 1]},
            {"--lr", "learningRate", lr}, {"--resize", "resize", resize}, {"--seed", "seed", seed},
            {"--checkpoint-every", "checkpointEvery", checkpointEvery}};
        for (Object[] o : options) {
            boolean explicitly = given((String) o[0]);
            if (o[2] != null && (p == null || explicitly)) {
                Preset.set(b, (String) o[1], o[2], (String) o[0]);
                if (explicitly) {
                    placed.put((String) o[1], o[0] + " " + o[2]);
                }
            }
        }
        if (model != null && (p == null || forceModel || given("--model"))) {
            b.model(model);
        }
        if (source != null) {
            b.source(source);
        }
        if (target != null) {
            b.target(target);
        }
        if (init != null) {
            b.init(init);
        }
        explicit.forEach((k, v) -> {
            b.param(k, v);
            placed.put(k, "the option for " + k);
        });
        Preset.setAll(b, sets, placed);
        RunSpec spec = b.build();
        String r = Runner.resize(spec);
        DatasetSpec.parse(spec.source() != null ? spec.source() : String.valueOf(spec.target())).resizeHW(r); // validates before anything is written
        return spec;
    }
}
