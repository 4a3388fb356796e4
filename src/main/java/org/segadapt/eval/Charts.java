package org.segadapt.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.segadapt.io.AtomicFile;

/** Per-class IoU as grouped bars, one series per result: easier to compare by eye than a wide table. */
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
}
