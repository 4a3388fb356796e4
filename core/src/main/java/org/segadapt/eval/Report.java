package org.segadapt.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.segadapt.io.AtomicFile;

/** A run's {@code report.md}: headings, text, per-class IoU tables (one column per result), figures. */
public final class Report {
    private final StringBuilder md = new StringBuilder();

    public Report(String title) {
        md.append("# ").append(title).append("\n\n");
    }

    public Report section(String heading) {
        md.append("## ").append(heading).append("\n\n");
        return this;
    }

    public Report text(String paragraph) {
        md.append(paragraph).append("\n\n");
        return this;
    }

    public Report image(String relativePath, String caption) {
        md.append("![").append(caption).append("](").append(relativePath).append(")\n\n");
        return this;
    }

    /** Per-class IoU table, one column per named report (all under the same protocol). */
    public Report table(Map<String, IoUReport> columns) {
        md.append(markdownTable(columns)).append('\n');
        return this;
    }

    public static String markdownTable(Map<String, IoUReport> columns) {
        List<String> names = List.copyOf(columns.keySet());
        Map<String, Double> first = columns.values().iterator().next().perClass();
        StringBuilder sb = new StringBuilder("| class |");
        names.forEach(n -> sb.append(' ').append(n).append(" |"));
        sb.append("\n|---|");
        names.forEach(n -> sb.append("---:|"));
        sb.append('\n');
        Map<String, java.util.function.Function<IoUReport, Double>> rows = new LinkedHashMap<>();
        for (String cls : first.keySet()) {
            rows.put(cls, r -> r.perClass().get(cls));
        }
        rows.put("**mIoU**", IoUReport::mIoU);
        rows.put("pixel acc.", IoUReport::pixelAccuracy);
        rows.forEach((label, f) -> {
            sb.append("| ").append(label).append(" |");
            for (String n : names) {
                Double v = f.apply(columns.get(n));
                sb.append(' ').append(v == null || v.isNaN() ? "–" : String.format(Locale.ROOT, "%.1f", v)).append(" |");
            }
            sb.append('\n');
        });
        return sb.toString();
    }

    /** The same table for a terminal. */
    public static String textTable(Map<String, IoUReport> columns) {
        List<String> names = List.copyOf(columns.keySet());
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-12s", "class"));
        names.forEach(n -> sb.append(String.format(Locale.ROOT, " %14s", n)));
        sb.append('\n');
        Map<String, Double> first = columns.values().iterator().next().perClass();
        for (String cls : first.keySet()) {
            sb.append(String.format(Locale.ROOT, "%-12s", cls));
            names.forEach(n -> sb.append(cell(columns.get(n).perClass().get(cls))));
            sb.append('\n');
        }
        sb.append(String.format(Locale.ROOT, "%-12s", "mIoU"));
        names.forEach(n -> sb.append(cell(columns.get(n).mIoU())));
        sb.append('\n').append(String.format(Locale.ROOT, "%-12s", "pixel acc."));
        names.forEach(n -> sb.append(cell(columns.get(n).pixelAccuracy())));
        return sb.append('\n').toString();
    }

    private static String cell(Double v) {
        return v == null || v.isNaN() ? String.format(Locale.ROOT, " %14s", "-") : String.format(Locale.ROOT, " %14.1f", v);
    }

    public void write(Path file) throws IOException {
        AtomicFile.writeString(file, md.toString());
    }
}
