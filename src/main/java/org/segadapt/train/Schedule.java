package org.segadapt.train;

/**
 * A learning rate by iteration: the segmenter's warm-up + poly ({@link PolySchedule}, TUFL Sec. IV-C and CaDA's
 * "poly" policy) and CaDA's discriminator decay ({@link Adam.StaircaseDecay}). Parameter groups scale it (the
 * decoder's ×10 of CaDA Sec. 3.2 is {@code SegmenterOptimizer}'s multiplier).
 */
public sealed interface Schedule permits PolySchedule, Adam.StaircaseDecay {
    /** Learning rate at iteration {@code it} (0-based). */
    float at(int it);
}
