package org.segadapt.augment;

import ai.djl.ndarray.NDArray;
import java.util.Random;

/**
 * How TUFL's strong view x_{t*} = g(x_t) is drawn from a target batch (Sec. III-A), with the map g that aligns the
 * weak prediction to it. Two are offered, by name: {@value #BATCH} (segadapt's: one milder g for the whole batch,
 * then photometric noise per image) and {@value #REFERENCE} (the official TUFL code's per-image draws,
 * {@link ReferenceView}).
 */
public interface StrongView {
    String BATCH = "batch";
    String REFERENCE = "reference";

    /** x_{t*} and the g to apply to the weak prediction and its mask. */
    record Drawn(NDArray images, Warp g) {}

    Drawn draw(NDArray images, Random random);

    /** One g for the batch (flip, scale, rotation, shear), then jitter, noise and blur per image. */
    static StrongView batch(Perturbation.Strength geometric, Photometric.Strength photometric) {
        return (images, random) -> {
            Perturbation g = Perturbation.sample(random, geometric);
            return new Drawn(new Photometric(photometric, random).apply(g.apply(images)), g);
        };
    }

    StrongView DEFAULT = batch(Perturbation.Strength.DEFAULT, Photometric.Strength.DEFAULT);

    /** {@value #BATCH} or {@value #REFERENCE}. */
    static StrongView named(String name) {
        return switch (name) {
            case BATCH -> DEFAULT;
            case REFERENCE -> new ReferenceView();
            default -> throw new IllegalArgumentException("perturbation (--perturbation) must be " + BATCH + " or " + REFERENCE + ", got '" + name + "'");
        };
    }
}
