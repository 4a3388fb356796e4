package org.segadapt.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.Map;

/**
 * The PyTorch SGD rule of {@code train/Sgd} ({@code v = m·v + g + wd·w; w -= lr·v}) with every temporary
 * closed, for the soak's control run: {@code train/Sgd.update} leaves {@code weight.mul(weightDecay)} on the
 * parameters' manager, one parameter-sized array per parameter and step. Same arithmetic, fewer passes.
 */
final class LeakFreeSgd {
    private final NDManager stateManager;
    private final float momentum;
    private final float weightDecay;
    private final Map<String, NDArray> velocity = new HashMap<>();

    LeakFreeSgd(NDManager stateManager, float momentum, float weightDecay) {
        this.stateManager = stateManager;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    void step(ParameterList parameters, float lr) {
        for (Pair<String, Parameter> e : parameters) {
            Parameter p = e.getValue();
            if (!p.requiresGradient()) {
                continue;
            }
            NDArray w = p.getArray();
            try (NDArray g = w.getGradient(); NDArray decay = w.mul(weightDecay)) {
                NDArray v = velocity.get(e.getKey());
                if (v == null) {
                    v = g.add(decay);
                    v.attach(stateManager);
                    velocity.put(e.getKey(), v);
                } else {
                    v.muli(momentum).addi(g).addi(decay);
                }
                try (NDArray step = v.mul(lr)) {
                    w.subi(step);
                }
                g.muli(0f);
            }
        }
    }
}
