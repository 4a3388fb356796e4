package org.segadapt.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import org.segadapt.nd.Scalars;

/**
 * What {@link Sgd} and {@link Adam} share: a learning rate set before each step from a {@link Schedule}, state on a
 * long-lived manager (saved with checkpoints by {@link #state()}), and one pass over the parameters that updates
 * each from its gradient and zeroes the gradient.
 */
public abstract class StepOptimizer extends Optimizer {
    protected final NDManager stateManager;
    protected float learningRate;
    private final boolean onlyWithGradient;

    /** @param onlyWithGradient skip trainable parameters that received no gradient (the discriminators' unused heads) */
    protected StepOptimizer(NDManager stateManager, boolean onlyWithGradient) {
        super(new Builder());
        this.stateManager = stateManager;
        this.onlyWithGradient = onlyWithGradient;
    }

    public void setLearningRate(float lr) {
        this.learningRate = lr;
    }

    /** Updates every trainable parameter from its gradient, then zeroes the gradients. */
    public void step(ParameterList parameters) {
        for (Pair<String, Parameter> entry : parameters) {
            Parameter p = entry.getValue();
            if (!p.requiresGradient() || onlyWithGradient && !p.getArray().hasGradient()) {
                continue;
            }
            NDArray w = p.getArray();
            try (NDArray g = w.getGradient()) {
                update(entry.getKey(), w, g);
                Scalars.muli(g, 0f);
            }
        }
    }

    /** The optimiser's state by parameter, for checkpoints. */
    public abstract NDList state();

    /** Restores {@link #state()} from a checkpoint. */
    public abstract void loadState(NDList state);

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
