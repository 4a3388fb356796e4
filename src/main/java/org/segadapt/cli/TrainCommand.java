package org.segadapt.cli;

import ai.djl.Device;
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
import org.segadapt.method.SegmenterOptimizer;
import org.segadapt.method.SourceOnly;
import org.segadapt.model.SegmentationModel;
import org.segadapt.train.PolySchedule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Source-only training (the baseline every adaptation starts from). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a segmenter on the labelled source domain only (SGD 0.9, wd 5e-4, warm-up + poly 0.9).",
        footer = "%nExample:%n  ./segadapt train --source gta5:data/streets/source --val cityscapes:data/streets/target "
                + "--model small --iters 600 --batch 8 --crop 128x256 --lr 0.01 --out runs/source")
public final class TrainCommand implements Callable<Integer> {
    @Mixin
    TrainingOptions opts;

    @Mixin
    Cli.Runtime runtime;

    @Override
    public Integer call() throws Exception {
        Device device = runtime.start();
        boolean resume = opts.resume != null;
        Path run = resume ? opts.resume : opts.out;
        RunConfig cfg = resume ? RunConfig.load(run) : config();
        if (!resume) {
            Runs.newRun(run, cfg);
        }
        SegmentationDataset source = Runs.open(cfg.source(), "train", opts.resize);
        try (NDManager manager = NDManager.newBaseManager(device);
                Loader loader = Runs.trainLoader(source, cfg, opts.workers, 0)) {
            SegmentationModel model = Runs.model(cfg.model(), manager, cfg.seed(), null);
            var optimizer = new SegmenterOptimizer(model, manager, PolySchedule.paper(cfg.learningRate(), cfg.iterations()), 1f);
            Path ckpt = Runs.train(run, cfg, manager, new SourceOnly(optimizer, Cli.batches(loader)), resume, !opts.noProgress);
            System.out.println("checkpoint: " + ckpt);
            Report report = new Report("Source-only training").text("Run `" + run + "`, model `" + cfg.model() + "`, "
                    + cfg.iterations() + " iterations, batch " + cfg.batch() + ", crop " + cfg.cropHeight() + "x" + cfg.cropWidth() + ".");
            if (cfg.val() != null) {
                SegmentationDataset val = Runs.open(cfg.val(), cfg.valSplit(), opts.resize);
                IoUReport r = Runs.evaluate(model, manager, val, ClassSet.CITYSCAPES_19, 0);
                Runs.warnUnknownLabels(val);
                System.out.print(Report.textTable(Map.of(cfg.val(), r)));
                report.section("Validation (" + cfg.val() + ", " + cfg.valSplit() + ")").table(Map.of("IoU", r));
                for (String f : Runs.panels(model, manager, val, 3, run.resolve("figures"), "val")) {
                    report.image("figures/" + f, "image | ground truth | prediction | entropy");
                }
            }
            Runs.warnUnknownLabels(source);
            report.write(run.resolve("report.md"));
        }
        return 0;
    }

    private RunConfig config() {
        int[] crop = Cli.size(opts.crop, "--crop");
        if (opts.source == null) {
            throw new IllegalArgumentException("--source is required");
        }
        return new RunConfig("source-only", opts.model, opts.source, null, opts.val, opts.valSplit, null, opts.iterations,
                opts.batch, crop[0], crop[1], opts.lr, opts.scale[0], opts.scale[opts.scale.length - 1], opts.seed,
                opts.checkpointEvery, Map.of());
    }
}
