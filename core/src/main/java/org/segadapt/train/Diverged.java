package org.segadapt.train;

/** A loss turned NaN or infinite: training stops before the update that would corrupt the weights. */
public final class Diverged extends RuntimeException {
    public Diverged(String loss, int iteration, float value) {
        super("loss '" + loss + "' is " + value + " at iteration " + iteration
                + "; stopped before updating the weights (lower the learning rate or check the inputs)");
    }

    /** Returns {@code value} or throws when it is not finite. */
    public static float check(String loss, int iteration, float value) {
        if (!Float.isFinite(value)) {
            throw new Diverged(loss, iteration, value);
        }
        return value;
    }
}
