package org.segadapt.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.segadapt.io.AtomicFile;

/** Per-class IoU as grouped bars (easier to compare by eye than a wide table) and logged losses over the iterations. */
public final class Charts {
    private Charts() {}

    public static void perClassBars(Map<String, IoUReport> columns, String title, Path png) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(1200).height(450).title(title).xAxisTitle("class")
                .yAxisTitle("IoU (%)").build();
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        List<String> classes = new ArrayList<>(columns.values().iterator().next().perClass().keySet());
        classes.add("mIoU");
        columns.forEach((name, r) -> {
            List<Double> values = new ArrayList<>();
            r.perClass().values().forEach(v -> values.add(v == null ? 0.0 : v));
            values.add(r.mIoU());
            chart.addSeries(name, classes, values);
        });
        AtomicFile.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    /**
     * The columns of a run's {@code metrics.csv} whose names start with {@code prefix} against the iteration;
     * returns false (and writes nothing) when there is none.
     */
    public static boolean curves(Path metricsCsv, String prefix, String title, Path png) throws IOException {
        List<String> lines = java.nio.file.Files.readAllLines(metricsCsv);
        if (lines.size() < 2) {
            return false;
        }
        String[] header = lines.get(0).split(",");
        XYChart chart = new XYChartBuilder().width(900).height(400).title(title).xAxisTitle("iteration").yAxisTitle("loss").build();
        chart.getStyler().setMarkerSize(0);
        for (int c = 1; c < header.length; c++) {
            if (!header[c].startsWith(prefix)) {
                continue;
            }
            List<Double> x = new ArrayList<>(), y = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] v = line.split(",");
                if (v.length == header.length && !v[c].isEmpty()) {
                    x.add(Double.parseDouble(v[0]));
                    y.add(Double.parseDouble(v[c]));
                }
            }
            if (!x.isEmpty()) {
                chart.addSeries(header[c], x, y);
            }
        }
        if (chart.getSeriesMap().isEmpty()) {
            return false;
        }
        AtomicFile.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
        return true;
    }
}
