package org.segadapt.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.segadapt.train.Laps;

/**
 * Where a step's time goes: the bench's real method (SourceOnly, EntropyAdaptation with its UnsupervisedTerm,
 * CrossDomainMixing) steps with a {@link Laps} recorder active, so each phase is what the method itself marks; the
 * step's tensors are then released as the training loop releases them.
 */
public final class Phases {
    private Phases() {}

    /** Median milliseconds per phase over {@code steps} steps after {@code warmup}, in execution order. */
    public static Map<String, Double> profile(StepBench bench, int warmup, int steps) {
        Laps laps = new Laps();
        for (int i = 0; i < warmup + steps; i++) {
            int it = i;
            Laps recorder = i < warmup ? new Laps() : laps;
            recorder.during(() -> {
                bench.step(it); // closes the step's manager
                Laps.lap("release step tensors (NDManager.close)");
            });
        }
        Map<String, Double> out = new LinkedHashMap<>();
        laps.laps().forEach((k, v) -> out.put(k, Stats.of(v.stream().mapToDouble(Double::doubleValue).toArray()).median()));
        return out;
    }
}
