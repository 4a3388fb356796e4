package org.segadapt.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.segadapt.run.RunSpec;
import org.segadapt.run.Recipes;
import org.segadapt.train.Checkpoint;
import org.segadapt.run.HyperParameter;
import org.segadapt.run.HyperParameters;
import org.segadapt.run.Runner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Domain adaptation from a source-only checkpoint: TUFL stage 1 / entropy baselines. */
@Command(name = "adapt", mixinStandardHelpOptions = true, modelTransformer = AdaptCommand.HyperOptions.class,
        description = {"Adapt a source-only checkpoint to the unlabelled target.",
            "  entropy methods / TUFL stage 1: L = L_s + λ_u·L_u (TUFL eq. 1)",
            "  cim / TUFL stage 2:             L = L_s + λ_u·L_u + λ_m·L_m (eq. 12)",
            "  cada:                           L = λ_seg·L_seg + λ_adv_seg·L_adv_seg + λ_style·L_style (CaDA eq. 5)"},
        footer = "%nExample:%n  ./segadapt adapt --method focal --threshold adaptive --source gta5:data/streets/source "
                + "--target cityscapes:data/streets/target --val cityscapes:data/streets/target --init runs/source --out runs/focal%n"
                + "  ./segadapt adapt --method cim --pseudo-labeller runs/focal --init runs/source --source gta5:data/streets/source "
                + "--target cityscapes:data/streets/target --out runs/cim")
public final class AdaptCommand implements Callable<Integer> {
    @Option(names = "--method", description = "shannon | maxsquare | neutral | confidence | focal | cim | cada")
    String method;

    @Option(names = "--target", description = "unlabelled target, e.g. cityscapes:DIR (its --target-split is read without labels)")
    String target;

    @Option(names = "--target-split", defaultValue = "train", description = "target split used for adaptation (default: ${DEFAULT-VALUE})")
    String targetSplit;

    @Option(names = "--init", description = "source-only run (or checkpoint) the network starts from")
    Path init;

    @Option(names = "--pseudo-labeller", description = "cim: the stage-1 run f(θ̃) whose pseudo labels and thresholds α stage 2 uses")
    Path pseudoLabeller;

    @Spec
    CommandSpec spec;

    @Mixin
    TrainingOptions opts;

    @Mixin
    Cli.Runtime runtime;

    @Override
    public Integer call() throws Exception {
        return Runs.trainCommand(opts, runtime, this::config, cfg -> "Adaptation: " + cfg.method());
    }

    private RunSpec config() throws java.io.IOException {
        String m = method != null ? method : opts.presetMethod();
        if (m == null || target == null || init == null || opts.source == null) {
            throw new IllegalArgumentException("adapt needs --method (or a --preset), --source, --target and --init (or --resume RUN)");
        }
        if (!Recipes.ENTROPY_METHODS.contains(m) && !m.equals("cim") && !m.equals("cada")) {
            throw new IllegalArgumentException("--method must be " + String.join(" | ", Recipes.ENTROPY_METHODS) + " | cim | cada, got '" + m + "'");
        }
        if (m.equals("cim") && pseudoLabeller == null) {
            throw new IllegalArgumentException("--method cim needs --pseudo-labeller STAGE1_RUN");
        }
        Map<String, Object> p = new LinkedHashMap<>(); // what this command's options set; the defaults come from the method
        for (HyperParameter h : HyperParameters.ALL) {
            var option = spec.findOption(h.option()); // CycleGAN's own are train-translator's
            Object v = option == null ? null : option.getValue();
            if (v != null) {
                if (!h.appliesTo(m)) {
                    throw new IllegalArgumentException(h.option() + " does not apply to --method " + m + " (it is for "
                            + String.join(", ", h.methods()) + ")");
                }
                p.put(h.key(), h.check(v, h.option()));
            }
        }
        put(p, "pseudoLabeller", pseudoLabeller == null ? null : pseudoLabeller.toString());
        p.put("targetSplit", targetSplit);
        put(p, "backboneWeights", opts.backboneWeights == null ? null : opts.backboneWeights.toString());
        String kind = Checkpoint.readMeta(init).model();
        return opts.config(m, kind, true, opts.source, target, init.toString(), p); // validated (MethodSpec) before anything is written
    }

    /** The hyper-parameter options, one per {@link HyperParameters} declaration, with its symbol, meaning and defaults. */
    static final class HyperOptions implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            for (HyperParameter h : HyperParameters.ALL) {
                if (h.methods().stream().anyMatch(m -> !m.equals(Runner.SELF_TRAINING) && !m.equals(HyperParameters.CYCLEGAN))) {
                    var o = OptionSpec.builder(h.option()).type(h.type()).description(h.help()).paramLabel(h.type() == Boolean.class ? "" : "<" + h.key() + ">");
                    if (h.type() == Boolean.class) {
                        o.arity("0").negatable(true);
                    }
                    spec.addOption(o.build());
                }
            }
            return spec;
        }
    }

    private static void put(Map<String, Object> p, String key, Object value) {
        if (value != null) {
            p.put(key, value);
        }
    }
}
