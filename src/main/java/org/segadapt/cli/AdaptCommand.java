package org.segadapt.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.segadapt.run.RunSpec;
import org.segadapt.run.Recipes;
import org.segadapt.train.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Domain adaptation from a source-only checkpoint: TUFL stage 1 / entropy baselines. */
@Command(name = "adapt", mixinStandardHelpOptions = true,
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

    @Option(names = "--threshold", description = "I_t: none | fixed:T | adaptive (default per method: focal adaptive, neutral fixed:0.8, others none)")
    String threshold;

    @Option(names = {"--unsupervised-weight", "--lambda-u"}, description = "λ_u (default per method: focal 0.05, shannon 0.01, maxsquare 0.005, neutral 0.01)")
    Double unsupervisedWeight;

    @Option(names = "--focal-gamma", description = "γ of the unsupervised focal loss (default 2)")
    Double focalGamma;

    @Option(names = "--initial-threshold", description = "t of eq. 8 (default 0.8)")
    Double initialThreshold;

    @Option(names = "--threshold-momentum", description = "a of eq. 8 (default 0.9)")
    Double thresholdMomentum;

    @Option(names = "--keep-ratio", description = "b of eq. 9 (default 0.8)")
    Double keepRatio;

    @Option(names = "--hard-class-decay", description = "d of eq. 9 (default 8)")
    Double hardClassDecay;

    @Option(names = "--pseudo-labeller", description = "cim: the stage-1 run f(θ̃) whose pseudo labels and thresholds α stage 2 uses")
    Path pseudoLabeller;

    @Option(names = {"--mix-weight", "--lambda-m"}, description = "cim: λ_m of eq. 12 (default 1)")
    Double mixWeight;

    @Option(names = "--boundary-weight", description = "cim: W_m on the mask boundary band, eq. 11 (default 2)")
    Double boundaryWeight;

    @Option(names = "--boundary-kernel", description = "cim: band size k×k (default 7)")
    Integer boundaryKernel;

    @Option(names = "--pasted-classes", description = "cim: long-tail classes pasted per source image (0 = no pasting; default 1)")
    Integer pastedClasses;

    @Option(names = "--confidence-weighting", description = "cim: DACS-style weighting of pseudo-labelled pixels (off by default)")
    Boolean confidenceWeighting;

    @Option(names = "--ema-teacher", description = "cim: an EMA teacher (0.99) instead of the frozen stage-1 network (off by default)")
    Boolean emaTeacher;

    @Option(names = "--style-mode", description = "cada: adversarial (CaDA) | gram | meanstd | none (Table 3 variants)")
    String styleMode;

    @Option(names = "--output-adversarial", negatable = true, description = "cada: output-level adversarial term L_adv_seg (default on)")
    Boolean outputAdversarial;

    @Option(names = "--output-adversarial-weight", description = "cada: λ_adv_seg (default 1e-3)")
    Double outputAdversarialWeight;

    @Option(names = "--style-adversarial-weight", description = "cada: λ_style (default 1e-3)")
    Double styleAdversarialWeight;

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
        boolean cada = m.equals("cada");
        if (!cada) {
            Recipes.loss(m, 2); // validates the name
        } else if (threshold != null) {
            throw new IllegalArgumentException("--threshold does not apply to --method cada (its thresholds are pseudo-label's)");
        }
        if (m.equals("cim") && pseudoLabeller == null) {
            throw new IllegalArgumentException("--method cim needs --pseudo-labeller STAGE1_RUN");
        }
        Map<String, Object> p = new LinkedHashMap<>(); // what this command's options set; the defaults come from the method
        put(p, "threshold", threshold);
        put(p, "unsupervisedWeight", unsupervisedWeight);
        put(p, "focalGamma", focalGamma);
        put(p, "initialThreshold", initialThreshold);
        put(p, "thresholdMomentum", thresholdMomentum);
        put(p, "keepRatio", keepRatio);
        put(p, "hardClassDecay", hardClassDecay);
        put(p, "styleMode", styleMode);
        put(p, "outputAdversarial", outputAdversarial);
        put(p, "outputAdversarialWeight", outputAdversarialWeight);
        put(p, "styleAdversarialWeight", styleAdversarialWeight);
        put(p, "mixWeight", mixWeight);
        put(p, "boundaryWeight", boundaryWeight);
        put(p, "boundaryKernel", boundaryKernel);
        put(p, "pastedClasses", pastedClasses);
        put(p, "confidenceWeighting", confidenceWeighting);
        put(p, "emaTeacher", emaTeacher);
        put(p, "pseudoLabeller", pseudoLabeller == null ? null : pseudoLabeller.toString());
        p.put("targetSplit", targetSplit);
        put(p, "backboneWeights", opts.backboneWeights == null ? null : opts.backboneWeights.toString());
        String kind = Checkpoint.readMeta(init).model();
        RunSpec cfg = opts.config(m, kind, true, opts.source, target, init.toString(), p);
        if (!cada) {
            Recipes.mask(cfg); // validates --threshold before anything is written
        }
        return cfg;
    }

    private static void put(Map<String, Object> p, String key, Object value) {
        if (value != null) {
            p.put(key, value);
        }
    }
}
