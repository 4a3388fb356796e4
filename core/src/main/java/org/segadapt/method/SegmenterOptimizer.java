package org.segadapt.method;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.segadapt.model.SegmentationModel;
import org.segadapt.train.Schedule;
import org.segadapt.train.Sgd;

/**
 * The segmenter's optimisation as TUFL Sec. IV-C sets it: SGD momentum 0.9, weight decay 5e-4, warm-up then
 * poly decay; an optional learning-rate multiplier for non-encoder parameters (CaDA: decoder ×10).
 */
public final class SegmenterOptimizer {
    private final SegmentationModel model;
    private final Sgd sgd;
    private final Schedule schedule;
    private final ParameterStore store;

    public SegmenterOptimizer(SegmentationModel model, NDManager runManager, Schedule schedule, float decoderLrMultiplier) {
        this.model = model;
        this.schedule = schedule;
        this.sgd = new Sgd(runManager, 0.9f, 5e-4f, path -> model.isEncoderParameter(path) ? 1.0 : decoderLrMultiplier);
        this.store = new ParameterStore(runManager, false);
    }

    public SegmentationModel model() {
        return model;
    }

    public ParameterStore store() {
        return store;
    }

    /** Sets and returns the learning rate of iteration {@code it}. */
    public float prepare(int it) {
        float lr = schedule.at(it);
        sgd.setLearningRate(lr);
        return lr;
    }

    /** Applies the accumulated gradients and zeroes them. */
    public void update() {
        sgd.step(model.getParameters());
    }

    public NDList state() {
        return sgd.state();
    }

    public void loadState(NDList state) {
        sgd.loadState(state);
    }
}
