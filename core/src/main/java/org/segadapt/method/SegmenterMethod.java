package org.segadapt.method;

import ai.djl.ndarray.NDList;
import org.segadapt.model.SegmentationModel;

/** A recipe that optimises one segmenter with {@link SegmenterOptimizer}: the model and optimiser state it checkpoints. */
abstract class SegmenterMethod implements Method {
    protected final SegmenterOptimizer optimizer;

    protected SegmenterMethod(SegmenterOptimizer optimizer) {
        this.optimizer = optimizer;
    }

    @Override
    public final SegmentationModel model() {
        return optimizer.model();
    }

    @Override
    public final NDList optimizerState() {
        return optimizer.state();
    }

    @Override
    public final void loadOptimizerState(NDList state) {
        optimizer.loadState(state);
    }
}
