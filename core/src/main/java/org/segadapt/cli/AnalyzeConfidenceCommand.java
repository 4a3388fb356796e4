package org.segadapt.cli;

import org.segadapt.run.Runner;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.segadapt.data.SegmentationDataset;
import org.segadapt.data.labels.ClassSet;
import org.segadapt.eval.ConfidenceStats;
import org.segadapt.eval.Evaluator;
import org.segadapt.io.AtomicFile;
import org.segadapt.loss.mask.ClassAdaptiveThreshold;
import org.segadapt.train.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** TUFL Fig. 3 for a checkpoint: per class mean max-probability and share of pixels above the threshold(s). */
@Command(name = "analyze-confidence", mixinStandardHelpOptions = true,
        description = "Per predicted class on the target: mean max-probability and share of pixels above t (and above α_c "
                + "when the checkpoint holds adaptive thresholds), as CSV and a bar chart (TUFL Fig. 3).",
        footer = "%nExample:%n  ./segadapt analyze-confidence --checkpoint runs/focal --data cityscapes:data/streets/target --out runs/focal/fig3")
public final class AnalyzeConfidenceCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true)
    Path checkpoint;

    @Option(names = "--data", required = true, description = "target images, e.g. cityscapes:DIR")
    String data;

    @Option(names = "--split", defaultValue = "val")
    String split;

    @Option(names = "--threshold", defaultValue = "0.8", description = "fixed threshold t (default: ${DEFAULT-VALUE})")
    float threshold;

    @Option(names = "--limit", defaultValue = "0", description = "first N images only (0 = all)")
    int limit;

    @Option(names = "--out", required = true, description = "output prefix: writes PREFIX.csv and PREFIX.png")
    Path out;

    @Mixin
    Cli.Runtime runtime;

    @Override
    public Integer call() throws Exception {
        var device = runtime.start();
        SegmentationDataset ds = Runner.open(data, split, "none");
        try (NDManager manager = NDManager.newBaseManager(device)) {
            Checkpoint.Loaded ck = Checkpoint.load(checkpoint, manager);
            float[] alphas = ClassAdaptiveThreshold.alphasFrom(ck.meta().state());
            ConfidenceStats stats = new ConfidenceStats(threshold, alphas);
            Evaluator ev = new Evaluator(ck.model(), manager);
            int n = limit > 0 ? Math.min(limit, ds.size()) : ds.size();
            for (int i = 0; i < n; i++) {
                try (NDManager m = manager.newSubManager()) {
                    stats.add(ev.probabilities(ds.get(i), m));
                }
            }
            write(stats, out);
            System.out.printf("wrote %s.csv and %s.png (%d images)%n", out, out, n);
        }
        return 0;
    }

    static void write(ConfidenceStats s, Path prefix) throws java.io.IOException {
        StringBuilder csv = new StringBuilder("class,pixels,mean_max_prob,share_above_t,alpha,share_above_alpha\n");
        List<String> names = new ArrayList<>();
        List<Double> mean = new ArrayList<>(), fixed = new ArrayList<>(), adaptive = new ArrayList<>();
        for (int c = 0; c < ClassSet.NUM_CLASSES; c++) {
            csv.append(String.format(Locale.ROOT, "%s,%d,%.4f,%.4f,%.4f,%.4f%n", ClassSet.name(c), s.pixels(c), s.meanConfidence(c),
                    s.shareAboveFixed(c), s.alpha(c), s.shareAboveAlpha(c)));
            names.add(ClassSet.name(c));
            mean.add(zeroIfNaN(s.meanConfidence(c)));
            fixed.add(zeroIfNaN(s.shareAboveFixed(c)));
            adaptive.add(zeroIfNaN(s.shareAboveAlpha(c)));
        }
        AtomicFile.writeString(prefix.resolveSibling(prefix.getFileName() + ".csv"), csv.toString());
        CategoryChart chart = new CategoryChartBuilder().width(1100).height(450).title("Per-class confidence on the target (TUFL Fig. 3)")
                .xAxisTitle("predicted class").yAxisTitle("value").build();
        chart.getStyler().setXAxisLabelRotation(45);
        chart.addSeries("mean max probability", names, mean);
        chart.addSeries(String.format(Locale.ROOT, "share > %.2f", s.fixedThreshold()), names, fixed);
        if (s.hasAlphas()) {
            chart.addSeries("share > α_c (adaptive)", names, adaptive);
        }
        AtomicFile.write(prefix.resolveSibling(prefix.getFileName() + ".png"),
                o -> BitmapEncoder.saveBitmap(chart, o, BitmapEncoder.BitmapFormat.PNG));
    }

    private static double zeroIfNaN(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
