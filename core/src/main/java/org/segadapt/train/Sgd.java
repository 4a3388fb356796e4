package org.segadapt.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.segadapt.nd.Scalars;

/**
 * SGD with momentum as PyTorch computes it ({@code v = m·v + g + wd·w; w -= lr·v}), which differs from
 * DJL's MXNet-style rule whenever the learning rate changes (poly decay). Each parameter may have its own
 * learning-rate multiplier (CaDA: decoder ×10). Momentum buffers live on a long-lived manager.
 */
public final class Sgd extends StepOptimizer {
    private final float momentum;
    private final float weightDecay;
    private final ToDoubleFunction<String> lrMultiplier;
    private final Map<String, NDArray> velocity = new HashMap<>();

    public Sgd(NDManager stateManager, float momentum, float weightDecay, ToDoubleFunction<String> lrMultiplier) {
        super(stateManager, false);
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.lrMultiplier = lrMultiplier;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        float lr = (float) (learningRate * lrMultiplier.applyAsDouble(parameterId));
        NDArray d;
        if (weightDecay == 0) {
            d = grad.duplicate();
        } else {
            try (NDArray decay = Scalars.mul(weight, weightDecay)) { // would otherwise live as long as the weights
                d = grad.add(decay);
            }
        }
        NDArray v = velocity.get(parameterId);
        if (v == null) {
            v = d;
            v.attach(stateManager);
            velocity.put(parameterId, v);
        } else {
            Scalars.muli(v, momentum).addi(d);
            d.close();
        }
        try (NDArray step = Scalars.mul(v, lr)) {
            weight.subi(step);
        }
    }

    /** Momentum buffers by parameter path. */
    @Override
    public NDList state() {
        NDList list = new NDList();
        velocity.forEach((k, v) -> {
            v.setName(k);
            list.add(v);
        });
        return list;
    }

    @Override
    public void loadState(NDList state) {
        for (NDArray a : state) {
            NDArray v = a.duplicate();
            v.attach(stateManager);
            velocity.put(a.getName(), v);
        }
    }
}
