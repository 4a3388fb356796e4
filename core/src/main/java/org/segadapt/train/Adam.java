package org.segadapt.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.segadapt.nd.HostArrays;
import org.segadapt.nd.Scalars;

/**
 * Adam exactly as PyTorch's {@code torch.optim.Adam} (no weight decay, no amsgrad), for the discriminators
 * of CaDA Sec. 3.2 (β = (0.9, 0.99), lr 1e-4):
 * <pre>
 *   m = β1·m + (1 − β1)·g;   v = β2·v + (1 − β2)·g²;   t += 1
 *   w -= lr · (m / (1 − β1^t)) / (√(v / (1 − β2^t)) + ε)
 * </pre>
 * with one step counter per parameter (a parameter without a gradient is not stepped). The learning rate
 * follows {@link StaircaseDecay}. Moments live on a long-lived manager.
 */
public final class Adam extends StepOptimizer {
    public static final float PAPER_BETA1 = 0.9f, PAPER_BETA2 = 0.99f, EPSILON = 1e-8f;

    /** CaDA Sec. 3.2's discriminator decay: "decay_rate 0.1, decay_steps 50000". */
    public static final double PAPER_DECAY_RATE = 0.1;
    public static final int PAPER_DECAY_STEPS = 50_000;

    /**
     * CaDA's discriminator learning rate, lr·rate^⌊it/decaySteps⌋: BDL's staircase, counted in real iterations (a
     * shorter run keeps lr constant unless it shortens decaySteps explicitly).
     */
    public record StaircaseDecay(float baseLr, double rate, int decaySteps) implements Schedule {
        public StaircaseDecay {
            if (!(baseLr > 0) || !(rate > 0) || decaySteps < 1) {
                throw new IllegalArgumentException("staircase decay needs positive lr, rate and steps, got "
                        + baseLr + ", " + rate + ", " + decaySteps);
            }
        }

        @Override
        public float at(int it) {
            return (float) (baseLr * Math.pow(rate, it / decaySteps));
        }
    }

    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final Map<String, NDArray> first = new HashMap<>();
    private final Map<String, NDArray> second = new HashMap<>();
    private final Map<String, Integer> steps = new HashMap<>();
    private final java.util.List<NDArray> exportedSteps = new java.util.ArrayList<>();

    public Adam(NDManager stateManager, float beta1, float beta2, float epsilon) {
        super(stateManager, true);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    /** CaDA's discriminator optimiser: β = (0.9, 0.99), ε = 1e-8. */
    public static Adam paper(NDManager stateManager) {
        return new Adam(stateManager, PAPER_BETA1, PAPER_BETA2, EPSILON);
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        NDArray m = first.get(parameterId);
        NDArray v = second.get(parameterId);
        if (m == null) {
            m = grad.zerosLike();
            v = grad.zerosLike();
            m.attach(stateManager);
            v.attach(stateManager);
            first.put(parameterId, m);
            second.put(parameterId, v);
        }
        int t = steps.merge(parameterId, 1, Integer::sum);
        // results of out-of-place ops join their first operand's manager: every temporary is moved to tmp
        try (NDManager tmp = stateManager.newSubManager()) {
            NDArray g = grad.duplicate();
            g.attach(tmp);
            NDArray g2 = g.square();
            g2.attach(tmp);
            Scalars.muli(m, beta1).addi(Scalars.muli(g, 1 - beta1));
            Scalars.muli(v, beta2).addi(Scalars.muli(g2, 1 - beta2));
            double bias1 = 1 - Math.pow(beta1, t);
            double bias2 = 1 - Math.pow(beta2, t);
            // PyTorch: denom = √v / √bias2 + ε; w -= (lr / bias1) · m / denom
            NDArray denom = v.sqrt();
            denom.attach(tmp);
            Scalars.addi(Scalars.divi(denom, (float) Math.sqrt(bias2)), epsilon);
            NDArray step = m.div(denom);
            step.attach(tmp);
            weight.subi(Scalars.muli(step, (float) (learningRate / bias1)));
        }
    }

    /** Moments and step counts by parameter id ({@code m:ID}, {@code v:ID}, {@code t:ID}). */
    @Override
    public NDList state() {
        exportedSteps.forEach(NDArray::close); // the step counters of the previous export
        exportedSteps.clear();
        NDList list = new NDList();
        first.forEach((k, a) -> {
            a.setName("m:" + k);
            list.add(a);
            NDArray b = second.get(k);
            b.setName("v:" + k);
            list.add(b);
            NDArray t = HostArrays.floats(stateManager, new float[] {steps.get(k)});
            t.setName("t:" + k);
            exportedSteps.add(t);
            list.add(t);
        });
        return list;
    }

    /** The states of several networks' optimisers in one list, each entry prefixed {@code NAME/}. */
    public static NDList prefixedState(Map<String, Adam> byNetwork) {
        NDList all = new NDList();
        for (var e : byNetwork.entrySet()) {
            for (NDArray a : e.getValue().state()) {
                a.setName(e.getKey() + "/" + a.getName());
                all.add(a);
            }
        }
        return all;
    }

    /**
     * Loads each {@code NAME/…} entry of {@code state} into the optimiser of network NAME ({@link #prefixedState});
     * returns the entries no optimiser of {@code byNetwork} owns, in order.
     */
    public static NDList loadPrefixedState(Map<String, Adam> byNetwork, NDList state) {
        NDList rest = new NDList();
        Map<String, NDList> perNetwork = new LinkedHashMap<>();
        for (NDArray a : state) {
            String name = a.getName();
            int slash = name == null ? -1 : name.indexOf('/');
            String owner = slash < 0 ? null : name.substring(0, slash);
            if (owner != null && byNetwork.containsKey(owner)) {
                NDArray copy = a.duplicate();
                copy.setName(name.substring(slash + 1));
                perNetwork.computeIfAbsent(owner, k -> new NDList()).add(copy);
            } else {
                rest.add(a);
            }
        }
        perNetwork.forEach((k, v) -> {
            byNetwork.get(k).loadState(v);
            v.close();
        });
        return rest;
    }

    @Override
    public void loadState(NDList state) {
        for (NDArray a : state) {
            String name = a.getName();
            if (name == null || name.length() < 3 || name.charAt(1) != ':') {
                throw new IllegalArgumentException("Adam state entry without an m:/v:/t: name: " + name);
            }
            String id = name.substring(2);
            switch (name.charAt(0)) {
                case 'm', 'v' -> {
                    NDArray copy = a.duplicate();
                    copy.attach(stateManager);
                    (name.charAt(0) == 'm' ? first : second).put(id, copy);
                }
                case 't' -> steps.put(id, Math.round(a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray()[0]));
                default -> throw new IllegalArgumentException("unknown Adam state entry " + name);
            }
        }
    }
}
