package org.segadapt.method;

import org.segadapt.train.Laps;
import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.segadapt.augment.StrongView;
import org.segadapt.augment.Warp;
import org.segadapt.loss.UnsupervisedLoss;
import org.segadapt.loss.mask.ConfidenceMask;
import org.segadapt.model.SegmentationModel;

/**
 * L_u(x_t) of TUFL eq. (1) for any unsupervised loss: the weak view's prediction p_t = f(x_t); for two-view
 * losses (neutral CE, focal) the strong view x_{t*} = g(x_t) with photometric noise ({@link StrongView}), p_{t*} = f(x_{t*}), and
 * p̂_t = g(p_t) aligned to it pixel for pixel (gradient kept). I_t = confidence mask ∩ pixels g keeps in frame.
 */
public final class UnsupervisedTerm {
    private final UnsupervisedLoss loss;
    private final ConfidenceMask mask;
    private final StrongView strongView;

    /** The loss value and the share of target pixels in I_t (for logs). */
    public record Value(NDArray loss, float maskedShare) {}

    public UnsupervisedTerm(UnsupervisedLoss loss, ConfidenceMask mask) {
        this(loss, mask, StrongView.DEFAULT);
    }

    public UnsupervisedTerm(UnsupervisedLoss loss, ConfidenceMask mask, StrongView strongView) {
        this.loss = loss;
        this.mask = mask;
        this.strongView = strongView;
    }

    public ConfidenceMask mask() {
        return mask;
    }

    /**
     * Runs the target views through {@code model} in training mode and returns L_u. {@code random} draws g
     * (seed it per iteration so that a resumed run perturbs the same way).
     */
    public Value compute(SegmentationModel model, ParameterStore ps, NDArray targetImages, Random random) {
        NDArray weak = model.run(ps, targetImages, true).logits().softmax(1);
        Laps.lap("target weak forward");
        if (!loss.needsStrongView()) {
            NDArray it = mask.mask(weak);
            Laps.lap("I_t");
            Value v = new Value(loss.compute(weak, null, it), it.mean().getFloat());
            Laps.lap("L_u");
            return v;
        }
        StrongView.Drawn view = strongView.draw(targetImages, random);
        Warp g = view.g();
        Laps.lap("strong view: geometric g(x_t) + photometric");
        NDArray strong = model.run(ps, view.images(), true).logits().softmax(1);
        Laps.lap("target strong forward");
        NDArray aligned = g.apply(weak);
        // α is updated from the un-warped weak prediction (all pixels of the sample, eq. 9); I_t is read on the
        // aligned map, restricted to pixels that g keeps inside the frame.
        NDArray it = mask.mask(weak);
        Laps.lap("align g(p_t), alpha update + I_t (eq. 8-9)");
        NDArray alignedMask = g.apply(it.expandDims(1)).squeeze(1).gte(0.999f).toType(it.getDataType(), false);
        NDArray valid = alignedMask.mul(g.validMask(aligned));
        Value v = new Value(loss.compute(aligned, strong, valid), valid.mean().getFloat());
        Laps.lap("mask warp + L_u (eq. 3-5)");
        return v;
    }
}
