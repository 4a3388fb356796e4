package org.segadapt.model.layers;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** A composite block whose children are initialised lazily by a dry run (see {@link Layers}). */
public abstract class Net extends AbstractBlock {
    protected Net() {
        super((byte) 1);
    }

    /** The forward pass; children are invoked through {@link Layers#call}. */
    protected abstract NDList run(ParameterStore ps, NDList inputs, boolean training);

    @Override
    protected final NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return run(ps, inputs, training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Layers.dryRun(manager, dataType, inputShapes, (ps, x) -> run(ps, x, false));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return Layers.shapesByDryRun(this, inputShapes);
    }
}
