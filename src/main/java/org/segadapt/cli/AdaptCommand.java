package org.segadapt.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.segadapt.config.RunConfig;
import org.segadapt.data.Loader;
import org.segadapt.data.SegmentationDataset;
import org.segadapt.data.labels.ClassSet;
import org.segadapt.eval.IoUReport;
import org.segadapt.eval.Report;
import org.segadapt.method.Method;
import org.segadapt.method.Recipes;
import org.segadapt.method.SegmenterOptimizer;
import org.segadapt.model.SegmentationModel;
import org.segadapt.train.Checkpoint;
import org.segadapt.train.PolySchedule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Domain adaptation from a source-only checkpoint: TUFL stage 1 / entropy baselines. */
@Command(name = "adapt", mixinStandardHelpOptions = true,
        description = "Adapt a source-only checkpoint to the unlabelled target: L = L_s + λ_u·L_u (TUFL eq. 1).",
        footer = "%nExample:%n  ./segadapt adapt --method focal --threshold adaptive --source gta5:data/streets/source "
                + "--target cityscapes:data/streets/target --val cityscapes:data/streets/target --init runs/source --out runs/focal")
public final class AdaptCommand implements Callable<Integer> {
    @Option(names = "--method", description = "shannon | maxsquare | neutral | confidence | focal")
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

    @Mixin
    TrainingOptions opts;

    @Mixin
    Cli.Runtime runtime;

    @Override
    public Integer call() throws Exception {
        var device = runtime.start();
        boolean resume = opts.resume != null;
        Path run = resume ? opts.resume : opts.out;
        RunConfig cfg = resume ? RunConfig.load(run) : config();
        if (!resume) {
            Runs.newRun(run, cfg);
        }
        SegmentationDataset source = Runs.open(cfg.source(), "train", opts.resize);
        SegmentationDataset targetData = Runs.open(cfg.target(), String.valueOf(cfg.params().get("targetSplit")), opts.resize);
        try (NDManager manager = NDManager.newBaseManager(device);
                Loader src = Runs.trainLoader(source, cfg, opts.workers, 0);
                Loader tgt = Runs.trainLoader(targetData, cfg, opts.workers, 7919)) {
            SegmentationModel model = Runs.model(cfg.model(), manager, cfg.seed(), Path.of(cfg.init()));
            var optimizer = new SegmenterOptimizer(model, manager, PolySchedule.paper(cfg.learningRate(), cfg.iterations()), 1f);
            Method m = Recipes.entropy(cfg, optimizer, Cli.batches(src), Cli.batches(tgt));
            Path ckpt = Runs.train(run, cfg, manager, m, resume, !opts.noProgress);
            System.out.println("checkpoint: " + ckpt);
            Report report = new Report("Adaptation: " + cfg.method()).text("Run `" + run + "` from `" + cfg.init() + "`; parameters "
                    + cfg.params() + ".");
            if (cfg.val() != null) {
                SegmentationDataset val = Runs.open(cfg.val(), cfg.valSplit(), opts.resize);
                IoUReport r = Runs.evaluate(model, manager, val, ClassSet.CITYSCAPES_19, 0);
                System.out.print(Report.textTable(Map.of(cfg.method(), r)));
                report.section("Validation (" + cfg.val() + ", " + cfg.valSplit() + ")").table(Map.of(cfg.method(), r));
                for (String f : Runs.panels(model, manager, val, 3, run.resolve("figures"), "val")) {
                    report.image("figures/" + f, "image | ground truth | prediction | entropy");
                }
            }
            report.write(run.resolve("report.md"));
        }
        return 0;
    }

    private RunConfig config() throws java.io.IOException {
        if (method == null || target == null || init == null || opts.source == null) {
            throw new IllegalArgumentException("adapt needs --method, --source, --target and --init (or --resume RUN)");
        }
        Map<String, Object> p = Recipes.defaults(method);
        Recipes.loss(method, 2); // validates the name
        put(p, "threshold", threshold);
        put(p, "unsupervisedWeight", unsupervisedWeight);
        put(p, "focalGamma", focalGamma);
        put(p, "initialThreshold", initialThreshold);
        put(p, "thresholdMomentum", thresholdMomentum);
        put(p, "keepRatio", keepRatio);
        put(p, "hardClassDecay", hardClassDecay);
        p.put("targetSplit", targetSplit);
        String kind = Checkpoint.readMeta(init).model();
        int[] crop = Cli.size(opts.crop, "--crop");
        RunConfig cfg = new RunConfig(method, kind, opts.source, target, opts.val, opts.valSplit, init.toString(), opts.iterations,
                opts.batch, crop[0], crop[1], opts.lr, opts.scale[0], opts.scale[opts.scale.length - 1], opts.seed, opts.checkpointEvery, p);
        Recipes.mask(cfg); // validates --threshold before anything is written
        return cfg;
    }

    private static void put(Map<String, Object> p, String key, Object value) {
        if (value != null) {
            p.put(key, value);
        }
    }
}
