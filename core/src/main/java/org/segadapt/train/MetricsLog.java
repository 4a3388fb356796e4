package org.segadapt.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.segadapt.io.AtomicFile;

/**
 * {@code metrics.csv}: one row per logged iteration. A resumed run keeps the header and the rows up to its
 * checkpoint's iteration and drops the rest (a killed run logged iterations past its last checkpoint, which the
 * resumed run computes again), so a resumed run's file equals an uninterrupted run's.
 */
public final class MetricsLog implements AutoCloseable {
    private final BufferedWriter out;
    private List<String> columns;

    /** Opens the log to append after iteration {@code keepThrough} (0: a fresh log). */
    public MetricsLog(Path file, int keepThrough) throws IOException {
        if (Files.exists(file) && Files.size(file) > 0) {
            List<String> lines = Files.readAllLines(file);
            columns = new ArrayList<>(List.of(lines.get(0).split(",", -1)));
            columns.remove(0);
            List<String> kept = new ArrayList<>(List.of(lines.get(0)));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",", -1);
                if (f.length == columns.size() + 1 && Integer.parseInt(f[0]) <= keepThrough) { // a torn last line has fewer fields
                    kept.add(line);
                }
            }
            if (keepThrough == 0) {
                columns = null;
                kept.clear();
            }
            if (kept.size() < lines.size()) {
                AtomicFile.writeString(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
            }
        }
        out = Files.newBufferedWriter(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    public void log(int iteration, Map<String, Float> values) throws IOException {
        if (columns == null) {
            columns = new ArrayList<>(values.keySet());
            // stable, readable order: lr first, losses alphabetically, wall time last
            columns.sort(java.util.Comparator.comparing((String c) -> c.equals("lr") ? 0 : c.equals("seconds") ? 2 : 1)
                    .thenComparing(c -> c));
            out.write("iteration," + String.join(",", columns));
            out.newLine();
        }
        StringBuilder sb = new StringBuilder().append(iteration);
        for (String c : columns) {
            Float v = values.get(c);
            sb.append(',').append(v == null ? "" : String.format(Locale.ROOT, "%.6g", v));
        }
        out.write(sb.toString());
        out.newLine();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
