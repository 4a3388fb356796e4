package org.segadapt.method;

import org.segadapt.train.Laps;
import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Random;
import org.segadapt.augment.StrongView;
import org.segadapt.augment.Warp;
import org.segadapt.loss.UnsupervisedLoss;
import org.segadapt.loss.mask.ConfidenceMask;
import org.segadapt.model.SegmentationModel;
import org.segadapt.nd.Scalars;

/**
 * L_u(x_t) of TUFL eq. (1) for any unsupervised loss: the weak view's prediction p_t = f(x_t); for two-view
 * losses (neutral CE, focal) the strong view x_{t*} = g(x_t) with photometric noise ({@link StrongView}), p_{t*} = f(x_{t*}), and
 * p̂_t = g(p_t) aligned to it pixel for pixel (gradient kept). I_t = confidence mask ∩ pixels g keeps in frame.
 */
public final class UnsupervisedTerm {
    private final UnsupervisedLoss loss;
    private final ConfidenceMask mask;
    private final StrongView strongView;
    private final LossOptions losses;

    /** The loss value and the share of target pixels in I_t (for logs). */
    public record Value(NDArray loss, float maskedShare) {}

    public UnsupervisedTerm(UnsupervisedLoss loss, ConfidenceMask mask) {
        this(loss, mask, StrongView.DEFAULT, LossOptions.PAPER);
    }

    public UnsupervisedTerm(UnsupervisedLoss loss, ConfidenceMask mask, StrongView strongView, LossOptions losses) {
        this.loss = losses.reduce(loss);
        this.mask = mask;
        this.strongView = strongView;
        this.losses = losses;
    }

    public ConfidenceMask mask() {
        return mask;
    }

    public LossOptions losses() {
        return losses;
    }

    /**
     * Runs the target views through {@code model} in training mode and returns L_u (averaged over the heads under
     * {@link LossOptions#headAveraging()}, the masked share that of the main head). {@code random} draws g (seed it per
     * iteration so that a resumed run perturbs the same way).
     */
    public Value compute(SegmentationModel model, ParameterStore ps, NDArray targetImages, Random random) {
        List<NDArray> weakHeads = losses.unsupervisedHeads(model.run(ps, targetImages, true));
        Laps.lap("target weak forward");
        if (!loss.needsStrongView()) {
            Value v = null;
            NDArray sum = null;
            for (NDArray head : weakHeads) {
                NDArray weak = head.softmax(1);
                NDArray it = mask.mask(weak);
                Laps.lap("I_t");
                NDArray l = loss.compute(weak, null, it);
                v = v == null ? new Value(l, it.mean().getFloat()) : v;
                sum = sum == null ? l : sum.add(l);
                Laps.lap("L_u");
            }
            return weakHeads.size() == 1 ? v : new Value(Scalars.div(sum, weakHeads.size()), v.maskedShare());
        }
        StrongView.Drawn view = strongView.draw(targetImages, random);
        Warp g = view.g();
        Laps.lap("strong view: geometric g(x_t) + photometric");
        List<NDArray> strongHeads = losses.unsupervisedHeads(model.run(ps, view.images(), true));
        Laps.lap("target strong forward");
        Value v = null;
        NDArray sum = null;
        for (int h = 0; h < weakHeads.size(); h++) {
            NDArray weak = weakHeads.get(h).softmax(1);
            NDArray strong = strongHeads.get(h).softmax(1);
            NDArray aligned = g.apply(weak);
            // α is updated from the un-warped weak prediction (all pixels of the sample, eq. 9); I_t is read on the
            // aligned map, restricted to pixels that g keeps inside the frame. With three heads α is updated by each,
            // as the reference's one criterion is called per head.
            NDArray it = mask.mask(weak);
            Laps.lap("align g(p_t), alpha update + I_t (eq. 8-9)");
            NDArray alignedMask = g.apply(it.expandDims(1)).squeeze(1).gte(0.999f).toType(it.getDataType(), false);
            NDArray valid = alignedMask.mul(g.validMask(aligned));
            NDArray l = loss.compute(aligned, strong, valid);
            v = v == null ? new Value(l, valid.mean().getFloat()) : v;
            sum = sum == null ? l : sum.add(l);
            Laps.lap("mask warp + L_u (eq. 3-5)");
        }
        return weakHeads.size() == 1 ? v : new Value(Scalars.div(sum, weakHeads.size()), v.maskedShare());
    }
}
