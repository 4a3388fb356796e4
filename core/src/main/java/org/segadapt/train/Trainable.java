package org.segadapt.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.Map;

/**
 * What {@link TrainLoop} runs and {@link Checkpoint} saves: a step, the network saved as {@code model.params} with its
 * metadata, optimiser state, small state and further networks. Segmenters' recipes are {@link org.segadapt.method.Method}s;
 * CycleGAN's training ({@link org.segadapt.translate.CycleGanTraining}) saves a generator instead.
 */
public interface Trainable {
    /** Name written into checkpoints and reports (e.g. "source-only", "cyclegan"). */
    String name();

    /** The network saved as {@code model.params}. */
    Block network();

    /** The checkpoint metadata at {@code iteration} of {@code total}. */
    Checkpoint.Meta meta(int iteration, int total);

    /**
     * One optimisation step at iteration {@code it}. Every NDArray created here must be attached to
     * {@code stepManager}, which the loop closes afterwards. Returns named scalar values for metrics.csv
     * (losses, learning rate); a non-finite loss must throw {@link Diverged} before any update.
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

    /** Further trained networks (discriminators) saved beside the main one. */
    default Map<String, Block> auxiliaryNetworks() {
        return Map.of();
    }
}
