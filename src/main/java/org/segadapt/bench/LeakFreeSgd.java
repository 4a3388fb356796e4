package org.segadapt.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.Map;
import org.segadapt.nd.Scalars;

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
            try (NDArray g = w.getGradient(); NDArray decay = Scalars.mul(w, weightDecay)) {
                NDArray v = velocity.get(e.getKey());
                if (v == null) {
                    v = g.add(decay);
                    v.attach(stateManager);
                    velocity.put(e.getKey(), v);
                } else {
                    Scalars.muli(v, momentum).addi(g).addi(decay);
                }
                try (NDArray step = Scalars.mul(v, lr)) {
                    w.subi(step);
                }
                Scalars.muli(g, 0f);
            }
        }
    }
}
