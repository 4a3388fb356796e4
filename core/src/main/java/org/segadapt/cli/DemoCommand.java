package org.segadapt.cli;

import org.segadapt.run.Runner;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.segadapt.run.RunSpec;
import org.segadapt.data.SegmentationDataset;
import org.segadapt.data.labels.ClassSet;
import org.segadapt.data.streets.StreetBenchmark;
import org.segadapt.eval.Charts;
import org.segadapt.eval.IoUReport;
import org.segadapt.eval.Report;
import org.segadapt.run.Preset;
import org.segadapt.model.SegmentationModel;
import org.segadapt.train.Checkpoint;
import org.segadapt.data.Datasets;
import org.segadapt.translate.FdaTranslator;
import org.segadapt.translate.Translation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The main job, the papers' pipeline on the built-in street benchmark: translate the rendered source into the
 * photographed target's style (FDA, cached), train {@code small} source-only on the raw and on the translated source
 * ("Baseline (IST)"), adapt the IST baseline to the target (TUFL stage 1, then stage 2), train the oracle on the labelled
 * target (the papers' upper bound), and show per-class IoU on held-out source and target side by side. Every run
 * weights its losses by class as the official TUFL code does (preset {@code bench/source}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate the built-in benchmark and its FDA-translated source (cached), train source-only on both, adapt the "
                + "IST baseline (TUFL stages 1 and 2), train the oracle on the labelled target, report per-class IoU.")
public final class DemoCommand implements Callable<Integer> {
    /** Held-out source images for the "source val" column. */
    static final int SOURCE_VAL = 100;
    /**
     * FDA's band for the benchmark's 128-row images: β = 0.04 swaps |k| ≤ 5 cycles per image, the band of the paper's
     * L = 0.01 on 512-row Cityscapes-size images (b = ⌊β·min(H, W)⌋ = 5 in both).
     */
    static final double FDA_BETA = 0.04;
    static final String IST = "Baseline (IST)";
    static final String ORACLE = "Oracle";

    @Option(names = "--data", defaultValue = "data/streets", description = "benchmark folder (generated if missing)")
    Path data;

    @Option(names = "--out", defaultValue = "runs/demo", description = "demo run folder (replaced)")
    Path out;

    @Option(names = "--source-iters", defaultValue = "600", description = "source-only iterations (default: ${DEFAULT-VALUE})")
    int sourceIterations;

    @Option(names = "--adapt-iters", defaultValue = "300", description = "iterations of each adaptation stage (default: ${DEFAULT-VALUE})")
    int adaptIterations;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Mixin
    Cli.Runtime runtime;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        var spec = StreetBenchmark.Spec.defaults();
        StreetBenchmark.generate(data, spec);
        String source = "gta5:" + data.resolve("source") + "@0:" + (spec.source() - SOURCE_VAL);
        String sourceVal = "gta5:" + data.resolve("source") + "@" + (spec.source() - SOURCE_VAL) + ":";
        String target = "cityscapes:" + data.resolve("target");
        Checkpoint.deleteRun(out);
        var device = runtime.start();
        Path translated = data.resolve("source-fda");
        try (NDManager manager = NDManager.newBaseManager(device)) { // image style translation, cached like the benchmark
            var t = Translation.run(Datasets.open("gta5:" + data.resolve("source"), "train", null), "gta5:" + data.resolve("source"),
                    data.resolve("source"), new FdaTranslator(Runner.open(target, "train", "none"), FDA_BETA, seed, manager), translated, false);
            System.err.printf(Locale.ROOT, "== image style translation (FDA, β %.2f): %d images translated, %d cached%n", FDA_BETA,
                    t.translated(), t.skipped());
        }
        String ist = "gta5:" + translated + "@0:" + (spec.source() - SOURCE_VAL);
        String istVal = "gta5:" + translated + "@" + (spec.source() - SOURCE_VAL) + ":";
        Map<String, RunSpec> stages = new LinkedHashMap<>(); // the benchmark's presets (segadapt config --preset bench/stage1)
        stages.put("source-only", Preset.load("bench/source").builder().source(source).seed(seed).iterations(sourceIterations)
                .checkpointEvery(sourceIterations).build());
        stages.put(IST, Preset.load("bench/source").builder().source(ist).seed(seed).iterations(sourceIterations)
                .checkpointEvery(sourceIterations).build());
        String sourceRun = out.resolve(slug(IST)).toString();
        // TUFL Fig. 2: both stages adapt from the translated source
        stages.put("stage 1 (focal, adaptive)", Preset.load("bench/stage1").builder().source(ist).target(target).init(sourceRun)
                .seed(seed).iterations(adaptIterations).checkpointEvery(adaptIterations).param("targetSplit", "train").build());
        stages.put("stage 2 (cim)", Preset.load("bench/stage2").builder().source(ist).target(target).init(sourceRun).seed(seed)
                .iterations(adaptIterations).checkpointEvery(adaptIterations).param("targetSplit", "train")
                .param("pseudoLabeller", out.resolve(slug("stage 1 (focal, adaptive)")).toString()).build());
        // the papers' upper bound: the same source-only recipe on the labelled target train split
        stages.put(ORACLE, Preset.load("bench/source").builder().source(target).seed(seed).iterations(sourceIterations)
                .checkpointEvery(sourceIterations).build());

        Map<String, IoUReport> table = new LinkedHashMap<>();
        Report report = new Report("segadapt demo: rendered source → photographed target");
        SegmentationDataset srcVal = Runner.open(sourceVal, "train", "none"), istSrcVal = Runner.open(istVal, "train", "none");
        SegmentationDataset tgtVal = Runner.open(target, "val", "none");
        Map<String, IoUReport> targetColumns = new LinkedHashMap<>();
        Map<String, String> figures = new LinkedHashMap<>();
        for (var e : stages.entrySet()) {
            String name = e.getKey();
            Path run = out.resolve(slug(name));
            System.err.printf("== %s%n", name);
            try (NDManager manager = NDManager.newBaseManager(device)) {
                SegmentationModel model = Runner.train(e.getValue(), run, manager, new Runner.Options(2, true));
                if (e.getValue().method().equals("source-only") && !name.equals(ORACLE)) {
                    table.put("src val: " + name, Runner.evaluate(model, manager, name.equals(IST) ? istSrcVal : srcVal, ClassSet.CITYSCAPES_19, 0));
                }
                IoUReport r = Runner.evaluate(model, manager, tgtVal, ClassSet.CITYSCAPES_19, 0);
                targetColumns.put(name, r);
                for (String f : Runner.panels(model, manager, tgtVal, 2, out.resolve("figures"), slug(name))) {
                    figures.put("figures/" + f, "target, " + name + ": image | ground truth | prediction | entropy");
                }
                if (Files.exists(run.resolve("figures").resolve(Runner.FIG4))) {
                    figures.put(out.relativize(run.resolve("figures").resolve(Runner.FIG4)).toString(),
                            "cross-domain mixing (TUFL Fig. 4): (x_s, y_s) | pasted (x_s', y_s') | (x_t, ỹ_t) | x_m | I_m | W_m");
                }
            }
        }
        targetColumns.forEach((k, v) -> table.put("tgt val: " + k, v));
        double minutes = (System.nanoTime() - t0) / 6e10;
        System.out.print(Report.textTable(table));
        System.out.printf(Locale.ROOT, "demo finished in %.1f min; report: %s%n", minutes, out.resolve("report.md"));
        Charts.perClassBars(table, "segadapt demo: per-class IoU", out.resolve("figures").resolve("per-class-iou.png"));
        report.section("Per-class IoU (19 classes)").table(table).image("figures/per-class-iou.png", "per-class IoU").text(String.format(Locale.ROOT,
                "Wall time %.1f min; benchmark gap %s (`generate --gap`), calibrated for the official TUFL code's class weights "
                        + "(middle), with which every run here trains (preset `bench/source`). Source val = the last %d rendered images (held out from "
                        + "training; for the IST baseline, their FDA translations); target val = %d photographed images; Oracle = the "
                        + "source-only recipe trained on the %d labelled target train images. IST = image style translation of the "
                        + "source by FDA (β %.2f, `%s`), from which both adaptation stages start, as in TUFL Fig. 2. Runs: `%s`.",
                minutes, spec.gap(), SOURCE_VAL,
                tgtVal.size(), Runner.open(target, "train", "none").size(), FDA_BETA, translated, out));
        report.section("Predictions on the target");
        figures.forEach(report::image);
        report.write(out.resolve("report.md"));
        return 0;
    }

    static String slug(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
