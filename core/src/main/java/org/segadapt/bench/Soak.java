package org.segadapt.bench;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Native-memory soak: the small model alternates a source step and a focal step (each on its own network and
 * optimiser) for {@code steps} iterations; resident memory is sampled every {@code interval} iterations. A flat
 * curve after the first hundred steps means no per-step native leak.
 */
public final class Soak {
    private Soak() {}

    /** RSS in KiB by iteration (1-based, every {@code interval} and the last). */
    public static Map<Integer, Long> run(NDManager manager, int steps, int interval, int h, int w, int batch, Path donors, PrintStream out)
            throws IOException {
        Map<Integer, Long> curve = new LinkedHashMap<>();
        try (StepBench source = new StepBench(new StepBench.Spec("small", "source", h, w, batch, 1), manager, donors);
                StepBench focal = new StepBench(new StepBench.Spec("small", "focal", h, w, batch, 2), manager, donors)) {
            long t0 = System.nanoTime();
            for (int it = 1; it <= steps; it++) {
                source.timeSteps(0, 1, it);
                focal.timeSteps(0, 1, it);
                if (it % interval == 0 || it == steps) {
                    long rss = Rss.currentKb();
                    curve.put(it, rss);
                    Runtime rt = Runtime.getRuntime();
                    // RSS includes the Java heap: its committed size tells native growth apart from heap growth
                    out.printf("soak step %5d  RSS %7.1f MiB  heap committed %6.1f MiB, used %6.1f MiB  (%.0f s)%n", it, rss / 1024.0,
                            rt.totalMemory() / 1048576.0, (rt.totalMemory() - rt.freeMemory()) / 1048576.0, (System.nanoTime() - t0) / 1e9);
                }
            }
        }
        return curve;
    }

    /** Learnable parameters of the soak's network. */
    public static long smallModelParameters(NDManager manager) {
        try (NDManager m = manager.newSubManager()) {
            var model = org.segadapt.model.Models.create("small", StepBench.NUM_CLASSES);
            org.segadapt.model.Models.initialize(model, m);
            return FlopCounter.parameterCount(model);
        }
    }

    /** (RSS at the last step − RSS at {@code from}) / RSS at {@code from}; NaN if {@code from} was not sampled. */
    public static double growthAfter(Map<Integer, Long> curve, int from) {
        Long base = curve.get(from);
        if (base == null || curve.isEmpty()) {
            return Double.NaN;
        }
        long last = curve.values().stream().reduce((a, b) -> b).orElseThrow();
        return (last - base) / (double) base;
    }
}
