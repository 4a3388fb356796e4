package org.segadapt.method;

import ai.djl.ndarray.NDManager;
import java.util.function.Supplier;
import org.segadapt.data.Batch;
import org.segadapt.model.SegmentationModel;
import org.segadapt.train.PolySchedule;

/**
 * CaDA's self-supervised stage, eq. (6): cross-entropy on target images against pseudo-labels chosen by the
 * category-adaptive entropy threshold (eq. 1–3), unselected pixels carrying 255 (m = 0):
 * <pre>
 *   L_ssl = −(1/|m|) Σ_{hw} m^{hw} log P_t^{hw, y_t^{hw}}
 * </pre>
 * Eq. (6) writes 1/(H·W); we average over the selected pixels as BDL's code (CrossEntropyLoss with
 * ignore_index 255) does, which differs by the kept fraction, a constant per image. The step is the
 * supervised step of {@link SourceOnly} on pseudo-labelled batches.
 */
public final class SelfTraining {
    private SelfTraining() {}

    /**
     * CaDA Sec. 3.2 optimisation: encoder lr {@code lr}, decoder ×{@code decoderLrMultiplier} (10), poly 0.9, no warm-up.
     *
     * @param pseudoLabelled target batches whose labels are the pseudo-labels (255 = not selected)
     */
    public static Method create(SegmentationModel model, NDManager runManager, float lr, int iterations, float decoderLrMultiplier,
            Supplier<Batch> pseudoLabelled) {
        var optimizer = new SegmenterOptimizer(model, runManager, new PolySchedule(lr, 0, iterations, 0.9f), decoderLrMultiplier);
        return new SourceOnly("cada-ssl", "L_ssl", optimizer, pseudoLabelled, LossOptions.PAPER);
    }
}
