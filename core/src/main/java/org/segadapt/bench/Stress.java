package org.segadapt.bench;

import ai.djl.ndarray.NDManager;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The use-after-free harness of issue 11: every step kind runs twice from the same seed, the second time with a
 * thread that forces a full garbage collection every millisecond, so that any native buffer whose only owner is a
 * Java object is freed between forward and backward sooner or later. Every step's logged values must be finite and
 * bit-identical to the calm run's. Run it under glibc's {@code MALLOC_PERTURB_} (freed memory is overwritten, so a
 * stale read turns into garbage at once) and a small heap; {@code StressTest} does, with the serial and G1 collectors.
 */
public final class Stress {
    private Stress() {}

    /** One step kind: steps run, steps whose values differ from the calm run or are not finite, the first of them. */
    public record Result(String step, int steps, int failures, String firstFailure) {}

    public static List<Result> run(NDManager manager, String model, int steps, int height, int width, int batch, long seed,
            Path donors, PrintStream log) {
        List<Result> results = new ArrayList<>();
        for (String kind : StepBench.STEPS) {
            StepBench.Spec spec = new StepBench.Spec(model, kind, height, width, batch, seed);
            List<String> calm = losses(manager, spec, steps, donors, false);
            List<String> stormy = losses(manager, spec, steps, donors, true);
            int failures = 0;
            String first = null;
            for (int i = 0; i < steps; i++) {
                String a = calm.get(i), b = stormy.get(i);
                boolean finite = !a.contains("NaN") && !a.contains("Infinity") && !b.contains("NaN") && !b.contains("Infinity");
                if (!a.equals(b) || !finite) {
                    failures++;
                    if (first == null) {
                        first = "step " + i + ": calm " + a + ", under GC " + b;
                    }
                }
            }
            Result r = new Result(kind, steps, failures, first);
            log.printf("stress %-6s %d of %d steps differ or are not finite%s%n", kind, failures, steps,
                    first == null ? "" : " (first: " + first + ")");
            results.add(r);
        }
        return results;
    }

    /** Each step's logged values as text (a failed step records its error), optionally under a GC storm. */
    private static List<String> losses(NDManager manager, StepBench.Spec spec, int steps, Path donors, boolean storm) {
        List<String> out = new ArrayList<>();
        Thread collector = null;
        if (storm) {
            collector = new Thread(Stress::collectForever, "segadapt-gc-storm");
            collector.setDaemon(true);
            collector.start();
        }
        try (StepBench bench = new StepBench(spec, manager, donors)) {
            for (int i = 0; i < steps; i++) {
                try {
                    Map<String, Float> values = bench.step(i);
                    out.add(values.toString());
                } catch (RuntimeException e) {
                    out.add("error: " + e.getMessage());
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            if (collector != null) {
                collector.interrupt();
            }
        }
        return out;
    }

    private static void collectForever() {
        while (!Thread.currentThread().isInterrupted()) {
            System.gc();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
