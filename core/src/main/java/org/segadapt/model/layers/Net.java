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
    /** Once true, stays true until {@link #clear}: parameters are never un-initialised otherwise. */
    private boolean initialized;

    protected Net() {
        super((byte) 1);
    }

    /**
     * DJL answers this by collecting (and naming) every parameter of the subtree, and asks it on every forward in
     * training and on every {@link Layers#call}: thousands of string concatenations per BiSeNet pass.
     */
    @Override
    public boolean isInitialized() {
        if (!initialized) {
            initialized = super.isInitialized();
        }
        return initialized;
    }

    @Override
    public void clear() {
        initialized = false;
        super.clear();
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
