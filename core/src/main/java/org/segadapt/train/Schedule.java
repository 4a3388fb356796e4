package org.segadapt.train;

/**
 * A learning rate by iteration: the segmenter's warm-up + poly ({@link PolySchedule}, TUFL Sec. IV-C and CaDA's
 * "poly" policy), CaDA's discriminator decay ({@link Adam.StaircaseDecay}) and CycleGAN's ({@link LinearDecay}). Parameter groups scale it (the
 * decoder's ×10 of CaDA Sec. 3.2 is {@code SegmenterOptimizer}'s multiplier).
 */
public sealed interface Schedule permits PolySchedule, Adam.StaircaseDecay, LinearDecay {
    /** Learning rate at iteration {@code it} (0-based). */
    float at(int it);
}
