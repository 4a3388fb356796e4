package org.segadapt.method;

import ai.djl.nn.Block;
import org.segadapt.model.SegmentationModel;
import org.segadapt.train.Checkpoint;
import org.segadapt.train.Trainable;

/**
 * A segmenter's training recipe: one file per method, each owning its {@code step()} — forward passes, the loss of its
 * paper equation, backward and optimiser updates. The {@link org.segadapt.train.TrainLoop} supplies data-free
 * plumbing: iterations, per-step managers, logging, checkpoints.
 */
public interface Method extends Trainable {
    /** The network being optimised (saved in checkpoints). */
    SegmentationModel model();

    @Override
    default Block network() {
        return model();
    }

    @Override
    default Checkpoint.Meta meta(int iteration, int total) {
        SegmentationModel m = model();
        return new Checkpoint.Meta(m.kind(), m.numClasses(), m.inputNorm().name(), name(), iteration, total, state());
    }
}
