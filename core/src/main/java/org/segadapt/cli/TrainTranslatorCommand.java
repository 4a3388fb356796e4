package org.segadapt.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.segadapt.run.HyperParameter;
import org.segadapt.run.HyperParameters;
import org.segadapt.run.RunSpec;
import org.segadapt.translate.CycleGanRun;
import org.segadapt.translate.CycleGanTraining;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** CycleGAN between the source and the target images, the translator of {@code translate --method cyclegan}. */
@Command(name = "train-translator", mixinStandardHelpOptions = true, modelTransformer = TrainTranslatorCommand.CycleGanOptions.class,
        description = {"Train a CycleGAN image style translator source -> target on unpaired images (LSGAN, cycle loss λ = 10, "
                + "identity 0.5·λ, Adam 2e-4 β1 0.5, constant then linearly decaying lr, pool of 50).",
            "Without --preset the official settings apply (preset " + TrainTranslatorCommand.DEFAULT_PRESET + "); use the translator "
                + "with translate --method cyclegan --translator RUN."},
        footer = "%nExample:%n  ./segadapt train-translator --preset cyclegan/bench-small --source gta5:data/streets/source "
                + "--target cityscapes:data/streets/target --out runs/translator")
public final class TrainTranslatorCommand implements Callable<Integer> {
    static final String DEFAULT_PRESET = "cyclegan/official";

    @Option(names = "--source", description = "labelled source whose images are translated, e.g. gta5:DIR")
    String source;

    @Option(names = "--target", description = "target images, e.g. cityscapes:DIR")
    String target;

    @Option(names = "--target-split", defaultValue = "train", description = "target split (default: ${DEFAULT-VALUE})")
    String targetSplit;

    @Option(names = "--out", description = "run folder to create")
    Path out;

    @Option(names = "--resume", description = "continue an interrupted run folder with its saved configuration")
    Path resume;

    @Mixin
    RunOptions opts;

    @Mixin
    Cli.Runtime runtime;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var device = runtime.start();
        Path run = resume != null ? resume : out;
        RunSpec cfg = resume != null ? RunSpec.load(run) : config();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            CycleGanTraining t = CycleGanRun.train(cfg, run, manager, opts.runnerOptions());
            System.out.printf("translator: %s (generator %s); translate with --method cyclegan --translator %s%n", run,
                    t.generator().layout().label(), run);
        }
        return 0;
    }

    private RunSpec config() throws java.io.IOException {
        if (source == null || target == null || out == null) {
            throw new IllegalArgumentException("train-translator needs --source, --target and --out (or --resume RUN)");
        }
        if (opts.preset == null) {
            opts.preset = DEFAULT_PRESET;
        }
        Map<String, Object> p = new LinkedHashMap<>();
        for (HyperParameter h : HyperParameters.ALL) {
            if (h.appliesTo(CycleGanTraining.KIND)) {
                Object v = spec.findOption(h.option()).getValue();
                if (v != null) {
                    p.put(h.key(), h.check(v, h.option()));
                }
            }
        }
        p.put("targetSplit", targetSplit);
        return opts.config(CycleGanTraining.KIND, CycleGanTraining.KIND, true, source, target, null, p);
    }

    /** CycleGAN's hyper-parameter options, one per {@link HyperParameters} declaration that applies to it. */
    static final class CycleGanOptions implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            for (HyperParameter h : HyperParameters.ALL) {
                if (h.appliesTo(CycleGanTraining.KIND)) {
                    spec.addOption(OptionSpec.builder(h.option()).type(h.type()).description(h.help()).paramLabel("<" + h.key() + ">").build());
                }
            }
            return spec;
        }
    }
}
