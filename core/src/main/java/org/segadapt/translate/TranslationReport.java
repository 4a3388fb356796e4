package org.segadapt.translate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.segadapt.data.Resize;
import org.segadapt.data.Sample;
import org.segadapt.data.SegmentationDataset;
import org.segadapt.eval.Report;
import org.segadapt.eval.Visualize;

/**
 * What a translation did, for a person: source | translated | a target image side by side for a few samples, and the
 * per-channel colour statistics (mean and standard deviation of R, G, B in 0–255) of the source, the translated source
 * and the target, over up to {@value #STATS_IMAGES} images of each, evenly spaced.
 */
public final class TranslationReport {
    static final int STATS_IMAGES = 200;

    private TranslationReport() {}

    /** Per-channel mean and standard deviation (R, G, B; 0–255). */
    public record ColourStats(double[] mean, double[] std) {
        String row(String name) {
            return String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |", name, mean[0], mean[1], mean[2], std[0], std[1],
                    std[2]);
        }
    }

    public static ColourStats stats(SegmentationDataset d) throws IOException {
        double[] sum = new double[3], sq = new double[3];
        long pixels = 0;
        int n = Math.min(STATS_IMAGES, d.size());
        for (int k = 0; k < n; k++) {
            Sample s = d.get((int) ((long) k * d.size() / n));
            int plane = s.height() * s.width();
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < plane; i++) {
                    double v = 255.0 * s.image()[c * plane + i];
                    sum[c] += v;
                    sq[c] += v * v;
                }
            }
            pixels += plane;
        }
        double[] mean = new double[3], std = new double[3];
        for (int c = 0; c < 3; c++) {
            mean[c] = sum[c] / pixels;
            std[c] = Math.sqrt(Math.max(0, sq[c] / pixels - mean[c] * mean[c]));
        }
        return new ColourStats(mean, std);
    }

    /** Writes {@code out/report.md} and {@code out/figures/translation-NN.png}; returns the colour statistics by row name. */
    public static Map<String, ColourStats> write(Path out, String title, SegmentationDataset source, SegmentationDataset translated,
            SegmentationDataset target, int samples) throws IOException {
        Report report = new Report(title).section("Samples");
        for (int k = 0; k < Math.min(samples, source.size()); k++) {
            int i = (int) ((long) k * source.size() / Math.min(samples, source.size()));
            Sample s = source.get(i), t = translated.get(i), g = target.get(i % target.size());
            Sample resized = g.height() == s.height() && g.width() == s.width() ? g
                    : new Sample(g.name(), s.height(), s.width(), Resize.bilinear(g.image(), 3, g.height(), g.width(), s.height(), s.width()), null);
            String name = String.format("figures/translation-%02d.png", k);
            Visualize.writeRow(out.resolve(name), s.height(), s.width(), Visualize.image(s), Visualize.image(t), Visualize.image(resized));
            report.image(name, s.name() + ": source | translated | a target image");
        }
        Map<String, ColourStats> stats = new LinkedHashMap<>();
        stats.put("source", stats(source));
        stats.put("translated source", stats(translated));
        stats.put("target", stats(target));
        StringBuilder table = new StringBuilder("| images | mean R | mean G | mean B | std R | std G | std B |\n|---|---|---|---|---|---|---|\n");
        stats.forEach((k, v) -> table.append(v.row(k)).append('\n'));
        report.section("Colour statistics (0-255, up to " + STATS_IMAGES + " images each)").text(table.toString().strip());
        report.write(out.resolve("report.md"));
        return stats;
    }
}
