package org.segadapt.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a training step's time goes ({@code bench --profile}): the methods call {@link #lap} at the end of each of
 * their phases; the call records only while {@link #during} runs on that thread, and costs one thread-local read
 * otherwise. CPU kernels run synchronously, so a lap is its phase; on CUDA a lap ends when the kernels are queued.
 */
public final class Laps {
    private static final ThreadLocal<Laps> ACTIVE = new ThreadLocal<>();
    private final Map<String, List<Double>> laps = new LinkedHashMap<>();
    private long t;

    /** Ends the current phase, naming it. */
    public static void lap(String phase) {
        Laps l = ACTIVE.get();
        if (l != null) {
            long now = System.nanoTime();
            l.laps.computeIfAbsent(phase, k -> new ArrayList<>()).add((now - l.t) / 1e6);
            l.t = now;
        }
    }

    /** Runs {@code work} with this recorder active on the calling thread (the first phase starts now). */
    public void during(Runnable work) {
        Laps outer = ACTIVE.get();
        ACTIVE.set(this);
        t = System.nanoTime();
        try {
            work.run();
        } finally {
            ACTIVE.set(outer);
        }
    }

    /** Milliseconds of every recorded lap, by phase in the order phases first ended. */
    public Map<String, List<Double>> laps() {
        return laps;
    }
}
