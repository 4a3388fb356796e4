package org.segadapt.train;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Runs a method's steps: one NDManager per step, metrics.csv, progress bar, atomic checkpoints, resume; Ctrl-C stops it
 * between steps ({@link GracefulStop}).
 */
public final class TrainLoop {
    /**
     * @param iterations      total iterations of the run
     * @param checkpointEvery save every N iterations (and always at the end)
     * @param progress        draw a progress bar on stderr
     * @param provenance      written into every checkpoint as provenance.json (any JSON-serialisable value; null: none)
     */
    public record Options(int iterations, int checkpointEvery, boolean progress, Object provenance) {
        public Options(int iterations, int checkpointEvery, boolean progress) {
            this(iterations, checkpointEvery, progress, null);
        }
    }

    private TrainLoop() {}

    /** Continues a run from {@code start} to {@code options.iterations()}; returns the last checkpoint's folder. */
    public static Path run(Trainable method, NDManager runManager, Path runDir, Options options, int start) throws IOException {
        long t0 = System.nanoTime();
        Path last = null;
        java.nio.file.Files.createDirectories(runDir);
        // wall time goes to times.csv, so that metrics.csv holds only what the seed determines (bit-identical reruns)
        // the stop is closed last: it holds the thread only once the logs are closed
        try (GracefulStop stop = new GracefulStop(start, options.iterations(), runDir);
                MetricsLog log = new MetricsLog(runDir.resolve("metrics.csv"), start); MetricsLog times = new MetricsLog(runDir.resolve("times.csv"), start);
                ProgressBar bar = options.progress() ? progressBar(method.name(), options.iterations(), start) : null) {
            for (int it = start; it < options.iterations() && !stop.requested(); it++) {
                Map<String, Float> values;
                try (NDManager step = runManager.newSubManager()) {
                    values = new LinkedHashMap<>(method.step(it, step));
                }
                log.log(it + 1, values);
                stop.done(it + 1);
                times.log(it + 1, Map.of("seconds", (float) ((System.nanoTime() - t0) / 1e9)));
                if (bar != null) {
                    bar.step();
                    bar.setExtraMessage(" " + summary(values)); // after the speed unit
                }
                boolean end = it + 1 == options.iterations();
                if (end || (options.checkpointEvery() > 0 && (it + 1) % options.checkpointEvery() == 0)) {
                    last = save(method, runDir, it + 1, options.iterations(), options.provenance());
                }
            }
        }
        return last;
    }

    public static Path save(Trainable method, Path runDir, int iteration, int total, Object provenance) throws IOException {
        return Checkpoint.save(runDir, method.network(), method.meta(iteration, total), method.optimizerState(), method.auxiliaryNetworks(),
                provenance);
    }

    private static ProgressBar progressBar(String name, int total, int start) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(name).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500).showSpeed().setSpeedUnit(ChronoUnit.SECONDS).setUnit(" it", 1);
        if (System.console() == null) { // a file or a pipe: one line every 10 s instead of carriage-return frames
            b.setConsumer(new me.tongfei.progressbar.DelegatingProgressBarConsumer(System.err::println)).setUpdateIntervalMillis(10_000);
        }
        ProgressBar bar = b.build();
        bar.stepTo(start);
        return bar;
    }

    private static String summary(Map<String, Float> v) {
        StringBuilder sb = new StringBuilder();
        v.forEach((k, x) -> sb.append(k).append('=').append(String.format(Locale.ROOT, k.equals("lr") ? "%.2e" : "%.3f", x)).append(' '));
        return sb.toString().trim();
    }

}
