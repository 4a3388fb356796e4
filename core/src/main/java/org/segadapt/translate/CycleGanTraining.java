package org.segadapt.translate;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.segadapt.data.Batch;
import org.segadapt.model.cyclegan.Ops;
import org.segadapt.model.cyclegan.PatchDiscriminator;
import org.segadapt.model.cyclegan.ResnetGenerator;
import org.segadapt.nd.Scalars;
import org.segadapt.run.MethodSpec;
import org.segadapt.train.Adam;
import org.segadapt.train.Checkpoint;
import org.segadapt.train.Diverged;
import org.segadapt.train.LinearDecay;
import org.segadapt.train.Trainable;

/**
 * CycleGAN's training step (Zhu et al. 2017, eq. 1–3 with the least-squares GAN loss; junyanz/pytorch-CycleGAN-and-pix2pix
 * {@code cycle_gan_model.py}), source S → target T:
 * <pre>
 *   L_G = (D_T(G(s)) − 1)² + (D_S(F(t)) − 1)² + λ_cyc (|F(G(s)) − s|₁ + |G(F(t)) − t|₁) + λ_cyc λ_id (|G(t) − t|₁ + |F(s) − s|₁)
 *   L_D_T = ½[(D_T(t) − 1)² + D_T(pool(G(s)))²],  L_D_S = ½[(D_S(s) − 1)² + D_S(pool(F(t)))²]
 * </pre>
 * with means over pixels, the discriminators frozen in the generators' step. Adam (β = 0.5, 0.999) for all four networks,
 * the learning rate constant then linearly decaying ({@link LinearDecay}). Images in [−1, 1]. G = G_{S→T} is the
 * checkpoint's {@code model.params}; F, D_S and D_T are saved beside it.
 */
public final class CycleGanTraining implements Trainable {
    public static final float BETA1 = 0.5f, BETA2 = 0.999f;
    public static final String KIND = "cyclegan";

    private final MethodSpec.Translator spec;
    private final Supplier<Batch> source, target;
    private final LinearDecay schedule;
    private final ResnetGenerator g, f;
    private final PatchDiscriminator dT, dS;
    private final Map<String, Block> networks = new LinkedHashMap<>();
    private final Map<String, Adam> adams = new LinkedHashMap<>();
    private final ImagePool poolT, poolS;
    private final ParameterStore store;

    /** Builds and initialises the four networks on {@code manager} (seed the engine first for reproducible weights). */
    public CycleGanTraining(MethodSpec.Translator spec, float lr, int iterations, long seed, Supplier<Batch> source, Supplier<Batch> target,
            NDManager manager) {
        this.spec = spec;
        this.source = source;
        this.target = target;
        this.schedule = new LinearDecay(lr, (int) Math.round(spec.decayStart() * iterations), iterations);
        this.store = new ParameterStore(manager, false);
        g = generator(spec, manager);
        f = generator(spec, manager);
        dT = new PatchDiscriminator(spec.discriminatorWidth());
        dS = new PatchDiscriminator(spec.discriminatorWidth());
        Ops.initialize(dT, manager, PatchDiscriminator.initShape());
        Ops.initialize(dS, manager, PatchDiscriminator.initShape());
        networks.put("G", g);
        networks.put("F", f);
        networks.put("D_T", dT);
        networks.put("D_S", dS);
        networks.keySet().forEach(k -> adams.put(k, new Adam(manager, BETA1, BETA2, Adam.EPSILON)));
        poolT = new ImagePool(spec.poolSize(), seed, manager);
        poolS = new ImagePool(spec.poolSize(), seed + 1, manager);
    }

    /** A generator of the spec's layout, initialised N(0, 0.02). */
    public static ResnetGenerator generator(MethodSpec.Translator spec, NDManager manager) {
        ResnetGenerator gen = new ResnetGenerator(spec.layout());
        Ops.initialize(gen, manager, ResnetGenerator.initShape());
        return gen;
    }

    @Override
    public String name() {
        return KIND;
    }

    /** G = G_{S→T}, the translator. */
    @Override
    public Block network() {
        return g;
    }

    public ResnetGenerator generator() {
        return g;
    }

    /** The generator's layout travels in the state, so that {@code translate} can rebuild it. */
    @Override
    public Map<String, Object> state() {
        return Map.of("generator", spec.layout().label());
    }

    @Override
    public Checkpoint.Meta meta(int iteration, int total) {
        return new Checkpoint.Meta(KIND, 0, "tanh", KIND, iteration, total, state());
    }

    @Override
    public Map<String, Float> step(int it, NDManager m) {
        float lr = schedule.at(it);
        NDArray s = tanhRange(source.get().images(m)), t = tanhRange(target.get().images(m));
        double lambda = spec.cycleWeight(), identity = spec.cycleWeight() * spec.identityWeight();
        Map<String, Float> metrics = new LinkedHashMap<>();
        metrics.put("lr", lr);
        NDArray fakeT, fakeS;
        dT.freezeParameters(true);
        dS.freezeParameters(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            fakeT = g.generate(store, s, true);
            fakeS = f.generate(store, t, true);
            NDArray gan = lsgan(dT.logits(store, fakeT, true), 1).add(lsgan(dS.logits(store, fakeS, true), 1));
            NDArray cycle = l1(f.generate(store, fakeT, true), s).add(l1(g.generate(store, fakeS, true), t));
            NDArray total = gan.add(Scalars.mul(cycle, (float) lambda));
            metrics.put("L_G_gan", Diverged.check("L_G_gan", it, gan.getFloat()));
            metrics.put("L_cyc", Diverged.check("L_cyc", it, cycle.getFloat()));
            if (identity > 0) {
                NDArray id = l1(g.generate(store, t, true), t).add(l1(f.generate(store, s, true), s));
                metrics.put("L_idt", Diverged.check("L_idt", it, id.getFloat()));
                total = total.add(Scalars.mul(id, (float) identity));
            }
            gc.backward(total);
        } finally {
            dT.freezeParameters(false);
            dS.freezeParameters(false);
        }
        update("G", lr);
        update("F", lr);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray ldT = Scalars.mul(lsgan(dT.logits(store, t, true), 1).add(lsgan(dT.logits(store, poolT.query(fakeT, it), true), 0)), 0.5f);
            NDArray ldS = Scalars.mul(lsgan(dS.logits(store, s, true), 1).add(lsgan(dS.logits(store, poolS.query(fakeS, it), true), 0)), 0.5f);
            metrics.put("L_D_T", Diverged.check("L_D_T", it, ldT.getFloat()));
            metrics.put("L_D_S", Diverged.check("L_D_S", it, ldS.getFloat()));
            gc.backward(ldT.add(ldS));
        }
        update("D_T", lr);
        update("D_S", lr);
        return metrics;
    }

    private void update(String network, float lr) {
        Adam adam = adams.get(network);
        adam.setLearningRate(lr);
        adam.step(networks.get(network).getParameters());
    }

    /** [0, 1] images to CycleGAN's [−1, 1] (its Normalize((0.5,)·3, (0.5,)·3)). */
    public static NDArray tanhRange(NDArray images) {
        return Scalars.add(Scalars.mul(images, 2f), -1f);
    }

    /** Mean squared error against the constant label (1 real, 0 generated), the least-squares GAN loss. */
    static NDArray lsgan(NDArray logits, float label) {
        return Scalars.add(logits, -label).square().mean();
    }

    static NDArray l1(NDArray a, NDArray b) {
        return a.sub(b).abs().mean();
    }

    /** F, D_T and D_S (G is the checkpoint's model). */
    @Override
    public Map<String, Block> auxiliaryNetworks() {
        Map<String, Block> aux = new LinkedHashMap<>(networks);
        aux.remove("G");
        return aux;
    }

    /** Each network's Adam moments ({@code NAME/…}) and the two image pools ({@code pool_T/i}, {@code pool_S/i}). */
    @Override
    public NDList optimizerState() {
        NDList all = Adam.prefixedState(adams);
        all.addAll(poolT.state("pool_T"));
        all.addAll(poolS.state("pool_S"));
        return all;
    }

    @Override
    public void loadOptimizerState(NDList state) {
        Map<String, List<NDArray>> pools = new LinkedHashMap<>();
        for (NDArray a : Adam.loadPrefixedState(adams, state)) {
            String name = a.getName();
            int slash = name == null ? -1 : name.indexOf('/');
            String owner = slash < 0 ? "" : name.substring(0, slash);
            if (owner.startsWith("pool_")) {
                pools.computeIfAbsent(owner, k -> new ArrayList<>()).add(a);
            }
        }
        Comparator<NDArray> byIndex = Comparator.comparingInt(a -> Integer.parseInt(a.getName().substring(a.getName().indexOf('/') + 1)));
        poolT.load(pools.getOrDefault("pool_T", List.of()).stream().sorted(byIndex).toList());
        poolS.load(pools.getOrDefault("pool_S", List.of()).stream().sorted(byIndex).toList());
    }
}
