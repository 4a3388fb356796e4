package org.segadapt.method;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.Map;
import org.segadapt.model.SegmentationModel;

/**
 * A training recipe: one file per method, each owning its {@code step()} — forward passes, the loss of its
 * paper equation, backward and optimiser updates. The {@link org.segadapt.train.TrainLoop} supplies data-free
 * plumbing: iterations, per-step managers, logging, checkpoints.
 */
public interface Method {
    /** Name written into checkpoints and reports (e.g. "source-only", "focal"). */
    String name();

    /** The network being optimised (saved in checkpoints). */
    SegmentationModel model();

    /**
     * One optimisation step at iteration {@code it}. Every NDArray created here must be attached to
     * {@code stepManager}, which the loop closes afterwards. Returns named scalar values for metrics.csv
     * (losses, learning rate); a non-finite loss must throw {@link org.segadapt.train.Diverged} before any update.
     */
    Map<String, Float> step(int it, NDManager stepManager);

    /** Optimiser state (momentum buffers …) for resume. */
    NDList optimizerState();

    void loadOptimizerState(NDList state);

    /** Small state that travels in checkpoint metadata (e.g. TUFL class thresholds α). */
    default Map<String, Object> state() {
        return Map.of();
    }

    default void loadState(Map<String, Object> state) {}

    /** Further trained networks (discriminators) saved beside the model. */
    default Map<String, Block> auxiliaryNetworks() {
        return Map.of();
    }
}
