package org.segadapt.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.segadapt.config.RunConfig;
import org.segadapt.data.Loader;
import org.segadapt.data.SegmentationDataset;
import org.segadapt.data.Subset;
import org.segadapt.data.labels.ClassSet;
import org.segadapt.data.streets.StreetBenchmark;
import org.segadapt.eval.IoUReport;
import org.segadapt.eval.Report;
import org.segadapt.method.SegmenterOptimizer;
import org.segadapt.method.SourceOnly;
import org.segadapt.model.SegmentationModel;
import org.segadapt.train.PolySchedule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The main job: on the built-in street benchmark, train {@code small} on the rendered source, then adapt to
 * the photographed target, and show per-class IoU on source and target side by side.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate the built-in benchmark (cached), train source-only, adapt, and report per-class IoU.")
public final class DemoCommand implements Callable<Integer> {
    /** Held-out source images for the "source val" column. */
    static final int SOURCE_VAL = 100;

    @Option(names = "--data", defaultValue = "data/streets", description = "benchmark folder (generated if missing)")
    Path data;

    @Option(names = "--out", defaultValue = "runs/demo", description = "demo run folder (replaced)")
    Path out;

    @Option(names = "--iters", defaultValue = "600", description = "source-only iterations (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Mixin
    Cli.Runtime runtime;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        var spec = StreetBenchmark.Spec.defaults();
        StreetBenchmark.generate(data, spec);
        String sourceSpec = "gta5:" + data.resolve("source");
        String targetSpec = "cityscapes:" + data.resolve("target");
        SegmentationDataset allSource = Runs.open(sourceSpec, "train", "none");
        SegmentationDataset source = new Subset(allSource, 0, allSource.size() - SOURCE_VAL);
        SegmentationDataset sourceVal = new Subset(allSource, allSource.size() - SOURCE_VAL, allSource.size());
        SegmentationDataset targetVal = Runs.open(targetSpec, "val", "none");

        org.segadapt.train.Checkpoint.deleteRun(out);
        Path sourceRun = out.resolve("source-only");
        RunConfig cfg = new RunConfig("source-only", "small", sourceSpec, targetSpec, targetSpec, "val", null, iterations, 8,
                spec.height(), spec.width(), 0.02f, 0.75f, 1.5f, seed, iterations, Map.of());
        Runs.newRun(sourceRun, cfg);
        var device = runtime.start();
        Map<String, IoUReport> sourceCols = new LinkedHashMap<>();
        Map<String, IoUReport> targetCols = new LinkedHashMap<>();
        Report report = new Report("segadapt demo: rendered source → photographed target");
        try (NDManager manager = NDManager.newBaseManager(device)) {
            SegmentationModel model = Runs.model("small", manager, seed, null);
            try (Loader loader = Runs.trainLoader(source, cfg, 2, 0)) {
                var opt = new SegmenterOptimizer(model, manager, PolySchedule.paper(cfg.learningRate(), cfg.iterations()), 1f);
                Runs.train(sourceRun, cfg, manager, new SourceOnly(opt, Cli.batches(loader)), false, true);
            }
            sourceCols.put("source-only", Runs.evaluate(model, manager, sourceVal, ClassSet.CITYSCAPES_19, 0));
            targetCols.put("source-only", Runs.evaluate(model, manager, targetVal, ClassSet.CITYSCAPES_19, 0));
            for (String f : Runs.panels(model, manager, targetVal, 3, out.resolve("figures"), "target-source-only")) {
                report.image("figures/" + f, "target: image | ground truth | source-only prediction | entropy");
            }
        }
        Map<String, IoUReport> table = new LinkedHashMap<>();
        sourceCols.forEach((k, v) -> table.put("src val: " + k, v));
        targetCols.forEach((k, v) -> table.put("tgt val: " + k, v));
        double minutes = (System.nanoTime() - t0) / 6e10;
        System.out.print(Report.textTable(table));
        System.out.printf("demo finished in %.1f min; report: %s%n", minutes, out.resolve("report.md"));
        report.section("Per-class IoU (19 classes)").table(table)
                .text(String.format(java.util.Locale.ROOT, "Wall time %.1f min. Source val = the last %d rendered images (held out); "
                        + "target val = %d photographed images.", minutes, SOURCE_VAL, targetVal.size()));
        report.write(out.resolve("report.md"));
        return 0;
    }
}
