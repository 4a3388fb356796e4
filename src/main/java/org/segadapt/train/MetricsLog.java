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

/** {@code metrics.csv}: one row per logged iteration; appends on resume, keeping the header it found. */
public final class MetricsLog implements AutoCloseable {
    private final BufferedWriter out;
    private List<String> columns;

    public MetricsLog(Path file) throws IOException {
        if (Files.exists(file) && Files.size(file) > 0) {
            String header = Files.readAllLines(file).get(0);
            columns = new ArrayList<>(List.of(header.split(",")));
            columns.remove(0);
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
