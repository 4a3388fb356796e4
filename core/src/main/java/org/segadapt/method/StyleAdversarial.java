package org.segadapt.method;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.segadapt.data.Batch;
import org.segadapt.loss.Adversarial;
import org.segadapt.loss.StyleGap;
import org.segadapt.model.SegmentationModel;
import org.segadapt.model.discriminator.Discriminators;
import org.segadapt.model.discriminator.OutputDiscriminator;
import org.segadapt.model.discriminator.StyleDiscriminator;
import org.segadapt.train.Adam;
import org.segadapt.train.Diverged;
import org.segadapt.train.PolySchedule;
import org.segadapt.train.Schedule;
import org.segadapt.nd.Scalars;

/**
 * CaDA's domain-adaptation stage, eq. (5):
 * <pre>
 *   L = λ_seg·L_seg(x_s, y_s) + λ_adv_seg·L_adv_seg(x_t) + λ_style·Σ_{n=1,2} L_style(S_sn, S_tn)
 * </pre>
 * L_seg is the source cross-entropy (eq. 4); L_adv_seg the GAN loss of the output discriminator D_c on the
 * target softmax (as BDL); L_style the GAN loss of the style discriminators D_f^n on S_n = GAP(E_c^n(x)) of the
 * first two encoder stages ({@link SegmentationModel.Output#features()}), or a Table-3 MSE alternative.
 *
 * <p>Each step alternates as AdaptSegNet/BDL do: (a) the segmenter minimises L with the discriminators frozen
 * (no gradients reach them), target outputs/styles labelled "source"; (b) the discriminators minimise
 * ½(bce(D(source), 0) + bce(D(target), 1)) on detached outputs/styles of (a), so no gradient reaches the
 * segmenter. Segmenter: SGD 0.9, wd 5e-4, encoder lr, decoder ×10, poly 0.9; discriminators: Adam
 * β = (0.9, 0.99), lr 1e-4 with the staircase decay 0.1^⌊it / 50000⌋ (CaDA Sec. 3.2, as BDL).
 *
 * <p>Table 2's "original" (no style constraint, no SSL) is {@code styleMode = NONE} with the output adversarial
 * term kept: Sec. 2.3 adopts L_adv_seg "consistent with BDL" as part of the base model, Table 2 names only the
 * style constraint ("adv") and SSL as the parts removed, and Table 3's MSE rows (44.7, 45.1) lie just above
 * "original" (44.6), i.e. they add a style term to the same base.
 *
 * <p>With {@link Options#pseudoLabelLoss()} the target batches carry pseudo-labels and L_ssl of eq. (6) joins eq. (5)
 * at weight 1: BDL's self-training (BDL.py with {@code --data-label-folder-target}), the alternative to CaDA's
 * eq. (6) alone ({@link SelfTraining}).
 */
public final class StyleAdversarial implements Method {
    /**
     * @param styleMode               ADVERSARIAL (CaDA), GRAM, MEANSTD (Table 3) or NONE (Table 2 "original")
     * @param outputAdversarial       whether L_adv_seg and D_c are used
     * @param segWeight               λ_seg
     * @param outputAdversarialWeight λ_adv_seg
     * @param styleAdversarialWeight  λ_style (also the weight of the MSE variants)
     * @param discriminatorLr         Adam learning rate of D_c and D_f^n
     * @param outputDownsampling      D_c's total stride (16 as CaDA Sec. 3.2, 32 as AdaptSegNet)
     * @param decoderLrMultiplier     segmenter learning rate of non-encoder parameters relative to the encoder's
     * @param discriminatorWidth      first-layer channels of every discriminator (AdaptSegNet's ndf = 64)
     * @param discriminatorDecaySteps iterations per tenfold decay of the discriminators' learning rate
     * @param pseudoLabelLoss         adds L_ssl (eq. 6) on the target batches' pseudo-labels to eq. (5): BDL's
     *                                self-training rounds, which keep L_seg and the adversarial terms
     */
    public record Options(StyleGap.Mode styleMode, boolean outputAdversarial, float segWeight, float outputAdversarialWeight,
            float styleAdversarialWeight, float discriminatorLr, int outputDownsampling, float decoderLrMultiplier,
            int discriminatorWidth, int discriminatorDecaySteps, boolean pseudoLabelLoss) {
        /** CaDA Sec. 3.2: adversarial style loss, output adversarial, 1 / 1e-3 / 1e-3, Adam 1e-4, D_c 16×, decoder ×10. */
        public static Options paper() {
            return new Options(StyleGap.Mode.ADVERSARIAL, true, 1f, 1e-3f, 1e-3f, 1e-4f, OutputDiscriminator.CADA_DOWNSAMPLING, 10f,
                    OutputDiscriminator.PAPER_WIDTH, Adam.PAPER_DECAY_STEPS, false);
        }

        public Options withStyleMode(StyleGap.Mode mode) {
            return new Options(mode, outputAdversarial, segWeight, outputAdversarialWeight, styleAdversarialWeight,
                    discriminatorLr, outputDownsampling, decoderLrMultiplier, discriminatorWidth, discriminatorDecaySteps, pseudoLabelLoss);
        }

        public Options withOutputAdversarial(boolean on) {
            return new Options(styleMode, on, segWeight, outputAdversarialWeight, styleAdversarialWeight,
                    discriminatorLr, outputDownsampling, decoderLrMultiplier, discriminatorWidth, discriminatorDecaySteps, pseudoLabelLoss);
        }
    }

    /** What step (a) hands to step (b): detached source/target softmax outputs and encoder features. */
    public record Forward(NDArray sourceProb, NDArray targetProb, List<NDArray> sourceFeatures, List<NDArray> targetFeatures) {}

    private static final int STYLE_STAGES = 2;

    private final SegmenterOptimizer segmenter;
    private final Supplier<Batch> source;
    private final Supplier<Batch> target;
    private final Options options;
    private final Schedule discriminatorSchedule;
    private final ParameterStore discriminatorStore;
    private final OutputDiscriminator outputDiscriminator; // null without L_adv_seg
    private final List<StyleDiscriminator> styleDiscriminators = new ArrayList<>(); // empty unless ADVERSARIAL
    private final Map<String, AbstractBlock> discriminators = new LinkedHashMap<>();
    private final Map<String, Adam> adams = new LinkedHashMap<>();

    /**
     * Builds and initialises the discriminators (style widths from a dry run of the model) on {@code runManager}.
     *
     * @param segmenter       the segmenter's SGD (its decoder multiplier should be {@code options.decoderLrMultiplier()})
     */
    public StyleAdversarial(SegmenterOptimizer segmenter, Supplier<Batch> source, Supplier<Batch> target, Options options,
            NDManager runManager) {
        this.segmenter = segmenter;
        this.source = source;
        this.target = target;
        this.options = options;
        this.discriminatorSchedule = new Adam.StaircaseDecay(options.discriminatorLr(), Adam.PAPER_DECAY_RATE,
                options.discriminatorDecaySteps());
        this.discriminatorStore = new ParameterStore(runManager, false);
        SegmentationModel model = segmenter.model();
        if (options.outputAdversarial()) {
            outputDiscriminator = new OutputDiscriminator(options.outputDownsampling(), options.discriminatorWidth());
            Discriminators.initialize(outputDiscriminator, runManager, OutputDiscriminator.initShape(model.numClasses()));
            add("D_c", outputDiscriminator, runManager);
        } else {
            outputDiscriminator = null;
        }
        if (options.styleMode() == StyleGap.Mode.ADVERSARIAL) {
            long[] widths = featureWidths(model, runManager);
            for (int n = 0; n < STYLE_STAGES; n++) {
                StyleDiscriminator d = new StyleDiscriminator(options.discriminatorWidth());
                Discriminators.initialize(d, runManager, StyleDiscriminator.initShape((int) widths[n]));
                styleDiscriminators.add(d);
                add("D_f" + (n + 1), d, runManager);
            }
        }
    }

    /**
     * The paper's recipe on a model: SGD (momentum 0.9, wd 5e-4) with encoder learning rate {@code lr}
     * (paper 2.5e-4), decoder ×{@code options.decoderLrMultiplier()}, poly 0.9 over {@code iterations} (the horizon,
     * "maxstep" 250,000 in Sec. 3.2, not necessarily the run's length) without warm-up; discriminators as {@link Options}.
     */
    public static StyleAdversarial create(SegmentationModel model, NDManager runManager, float lr, int iterations,
            Supplier<Batch> source, Supplier<Batch> target, Options options) {
        SegmenterOptimizer sgd = new SegmenterOptimizer(model, runManager, new PolySchedule(lr, 0, iterations, 0.9f),
                options.decoderLrMultiplier());
        return new StyleAdversarial(sgd, source, target, options, runManager);
    }

    private void add(String name, AbstractBlock d, NDManager runManager) {
        discriminators.put(name, d);
        adams.put(name, Adam.paper(runManager));
    }

    private static long[] featureWidths(SegmentationModel model, NDManager manager) {
        try (NDManager m = manager.newSubManager()) {
            var out = model.run(new ParameterStore(m, false), m.zeros(new ai.djl.ndarray.types.Shape(1, 3, 64, 64)), false);
            if (out.features().size() < STYLE_STAGES) {
                throw new IllegalArgumentException("model '" + model.kind() + "' exposes " + out.features().size()
                        + " encoder stages; CaDA's style loss needs " + STYLE_STAGES);
            }
            long[] w = new long[STYLE_STAGES];
            for (int n = 0; n < STYLE_STAGES; n++) {
                w[n] = out.features().get(n).getShape().get(1);
            }
            return w;
        }
    }

    @Override
    public String name() {
        return "cada";
    }

    @Override
    public SegmentationModel model() {
        return segmenter.model();
    }

    public Options options() {
        return options;
    }

    @Override
    public Map<String, Float> step(int it, NDManager m) {
        Map<String, Float> metrics = new LinkedHashMap<>();
        Forward f = segmenterStep(it, m, source.get(), target.get(), metrics);
        metrics.putAll(discriminatorStep(it, m, f));
        return metrics;
    }

    /**
     * Step (a): forward source and target, L of eq. (5), backward with the discriminators frozen, SGD update of
     * the segmenter. Puts the losses and learning rate into {@code metrics}; returns detached outputs for (b).
     */
    public Forward segmenterStep(int it, NDManager m, Batch sourceBatch, Batch targetBatch, Map<String, Float> metrics) {
        metrics.put("lr", segmenter.prepare(it));
        SegmentationModel model = model();
        NDArray xs = sourceBatch.images(m);
        NDArray ys = sourceBatch.labels(m);
        if (ys == null) {
            throw new IllegalArgumentException("source batch " + sourceBatch.names() + " has no labels");
        }
        NDArray xt = targetBatch.images(m);
        setDiscriminatorsFrozen(true);
        Forward forward;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            var os = model.run(segmenter.store(), xs, true);
            NDArray lseg = SourceOnly.supervisedLoss(os, ys);
            var ot = model.run(segmenter.store(), xt, true);
            NDArray targetProb = ot.logits().softmax(1);
            NDArray total = Scalars.mul(lseg, options.segWeight());
            metrics.put("L_seg", Diverged.check("L_seg", it, lseg.getFloat()));
            if (options.pseudoLabelLoss()) {
                NDArray yt = targetBatch.labels(m);
                if (yt == null) {
                    throw new IllegalArgumentException("target batch " + targetBatch.names() + " has no pseudo-labels for L_ssl");
                }
                NDArray lssl = SourceOnly.supervisedLoss(ot, yt);
                metrics.put("L_ssl", Diverged.check("L_ssl", it, lssl.getFloat()));
                total = total.add(lssl); // BDL.py: loss_seg_trg at weight 1 beside λ_adv·L_adv
            }
            if (outputDiscriminator != null) {
                NDArray ladv = Adversarial.generatorLoss(outputDiscriminator.logits(discriminatorStore, targetProb, true));
                metrics.put("L_adv_seg", Diverged.check("L_adv_seg", it, ladv.getFloat()));
                total = total.add(Scalars.mul(ladv, options.outputAdversarialWeight()));
            }
            NDArray lstyle = styleLoss(os.features(), ot.features());
            if (lstyle != null) {
                metrics.put("L_style", Diverged.check("L_style", it, lstyle.getFloat()));
                total = total.add(Scalars.mul(lstyle, options.styleAdversarialWeight()));
            }
            Diverged.check("L", it, total.getFloat());
            gc.backward(total);
            forward = new Forward(os.logits().softmax(1).stopGradient(), targetProb.stopGradient(),
                    detach(os.features()), detach(ot.features()));
        } finally {
            setDiscriminatorsFrozen(false);
        }
        segmenter.update();
        return forward;
    }

    /** Step (b): discriminator losses on the detached outputs of (a), Adam update of the discriminators only. */
    public Map<String, Float> discriminatorStep(int it, NDManager m, Forward f) {
        Map<String, Float> metrics = new LinkedHashMap<>();
        if (discriminators.isEmpty()) {
            return metrics;
        }
        float lr = discriminatorSchedule.at(it);
        metrics.put("lr_D", lr);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray total = null;
            if (outputDiscriminator != null) {
                NDArray ld = Adversarial.discriminatorLoss(outputDiscriminator.logits(discriminatorStore, f.sourceProb(), true),
                        outputDiscriminator.logits(discriminatorStore, f.targetProb(), true));
                metrics.put("L_D_c", Diverged.check("L_D_c", it, ld.getFloat()));
                total = ld;
            }
            for (int n = 0; n < styleDiscriminators.size(); n++) {
                StyleDiscriminator d = styleDiscriminators.get(n);
                NDArray ld = StyleGap.adversarialDiscriminatorLoss(s -> d.logits(discriminatorStore, s, true),
                        f.sourceFeatures().get(n), f.targetFeatures().get(n));
                metrics.put("L_D_f" + (n + 1), Diverged.check("L_D_f" + (n + 1), it, ld.getFloat()));
                total = total == null ? ld : total.add(ld);
            }
            gc.backward(total);
        }
        for (var e : discriminators.entrySet()) {
            Adam adam = adams.get(e.getKey());
            adam.setLearningRate(lr);
            adam.step(e.getValue().getParameters());
        }
        return metrics;
    }

    /** Σ_n of the configured style loss over the first two encoder stages; null for NONE. */
    private NDArray styleLoss(List<NDArray> sourceFeatures, List<NDArray> targetFeatures) {
        NDArray sum = null;
        for (int n = 0; n < STYLE_STAGES && options.styleMode() != StyleGap.Mode.NONE; n++) {
            NDArray s = sourceFeatures.get(n), t = targetFeatures.get(n);
            NDArray l = switch (options.styleMode()) {
                case ADVERSARIAL -> {
                    StyleDiscriminator d = styleDiscriminators.get(n);
                    yield StyleGap.adversarialGeneratorLoss(x -> d.logits(discriminatorStore, x, true), t);
                }
                case GRAM -> StyleGap.gramLoss(s, t);
                case MEANSTD -> StyleGap.meanStdLoss(s, t);
                case NONE -> throw new IllegalStateException();
            };
            sum = sum == null ? l : sum.add(l);
        }
        return sum;
    }

    private static List<NDArray> detach(List<NDArray> features) {
        List<NDArray> out = new ArrayList<>();
        for (int n = 0; n < Math.min(STYLE_STAGES, features.size()); n++) {
            out.add(features.get(n).stopGradient());
        }
        return out;
    }

    /** Frozen discriminators collect no gradients in the segmenter step (AdaptSegNet: requires_grad = False). */
    private void setDiscriminatorsFrozen(boolean frozen) {
        for (Block d : discriminators.values()) {
            d.freezeParameters(frozen);
        }
    }

    /** D_c, D_f1, D_f2 (those in use), saved beside the model in checkpoints. */
    @Override
    public Map<String, Block> auxiliaryNetworks() {
        return new LinkedHashMap<>(discriminators);
    }

    /** The segmenter's momentum buffers (named by parameter path) followed by each discriminator's Adam moments, prefixed {@code NAME/}. */
    @Override
    public NDList optimizerState() {
        NDList all = new NDList(segmenter.state());
        all.addAll(Adam.prefixedState(adams));
        return all;
    }

    @Override
    public void loadOptimizerState(NDList state) {
        segmenter.loadState(Adam.loadPrefixedState(adams, state)); // what no discriminator owns is the SGD's
    }
}
