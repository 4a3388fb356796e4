package org.segadapt.train;

/**
 * CycleGAN's "linear" policy in iterations: the base rate for the first {@code constant} iterations, then falling
 * linearly, lr·(1 − (it − constant)/(total − constant + 1)), so the last iteration still learns (the official code does
 * the same per epoch, n_epochs then n_epochs_decay).
 */
public record LinearDecay(float baseLr, int constant, int total) implements Schedule {
    public LinearDecay {
        if (!(baseLr > 0) || constant < 0 || total < 1 || constant > total) {
            throw new IllegalArgumentException("linear decay needs lr > 0 and 0 <= constant <= total, got " + baseLr + ", " + constant
                    + ", " + total);
        }
    }

    @Override
    public float at(int it) {
        return (float) (baseLr * (1 - Math.max(0, it - constant) / (double) (total - constant + 1)));
    }
}
