package org.segadapt.train;

/**
 * TUFL Sec. IV-C learning rate: linear warm-up over the first {@code warmup} iterations, then poly decay
 * {@code lr·(1 − (it − warm)/(total − warm))^power}.
 */
public record PolySchedule(float baseLr, int warmup, int total, float power) implements Schedule {
    public PolySchedule {
        if (total <= 0 || warmup < 0) {
            throw new IllegalArgumentException("iterations must be positive and warm-up non-negative");
        }
    }

    public static PolySchedule paper(float baseLr, int total) {
        return new PolySchedule(baseLr, Math.min(100, total / 2), total, 0.9f);
    }

    @Override
    public float at(int it) {
        if (it < warmup) {
            return baseLr * (it + 1) / warmup;
        }
        double frac = (double) (it - warmup) / Math.max(1, total - warmup);
        return (float) (baseLr * Math.pow(Math.max(0, 1 - frac), power));
    }
}
