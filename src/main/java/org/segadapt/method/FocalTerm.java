package org.segadapt.method;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import org.segadapt.augment.Perturbation;
import org.segadapt.augment.Photometric;
import org.segadapt.loss.UnsupervisedLoss;
import org.segadapt.loss.mask.ClassAdaptiveThreshold;
import org.segadapt.loss.mask.ConfidenceMask;
import org.segadapt.model.SegmentationModel;

/**
 * The target term λ_u·L_u(x_t) of TUFL eq. (1)/(12) as stage 1 defines it (Sec. III-B), shared by the
 * stage-1 and stage-2 recipes:
 * <ol>
 *   <li>weak view x_t → p̂_t = softmax f(x_t) (keeps its gradient: L_shan of eq. 3 trains on it);
 *   <li>strong view x_{t*} = photometric(g(x_t)) → p_{t*} = softmax f(x_{t*});
 *   <li>p̂_t is aligned with the strong view by the same geometric g: g(p̂_t);
 *   <li>I_t = valid(g) ∩ confidence mask of g(p̂_t). With {@link ClassAdaptiveThreshold} the thresholds α are
 *       first updated (eq. 8–9) from the unwarped p̂_t — so pixels that g moves out of the frame do not enter
 *       the statistics — and I_t is then taken under the updated α;
 *   <li>L_u = loss(g(p̂_t), p_{t*}, I_t).
 * </ol>
 * Losses that need one view ({@link UnsupervisedLoss#needsStrongView()} false) skip the strong pass, g is
 * then the identity.
 */
public final class FocalTerm {
    /**
     * @param loss     L_u (scalar, with gradient)
     * @param weakProb p̂_t (N,C,H,W) in the weak view's geometry, detached
     * @param mask     I_t (N,H,W) 0/1 in the strong view's geometry
     * @param coverage |I_t| / pixels
     */
    public record Result(NDArray loss, NDArray weakProb, NDArray mask, float coverage) {}

    private FocalTerm() {}

    /**
     * Runs both views through {@code model} in training mode and returns L_u; call inside the gradient
     * collector. {@code geometric} and {@code photometric} are the step's draws (e.g.
     * {@code Perturbation.sample(random, Perturbation.Strength.DEFAULT)}); {@code photometric} may be null.
     */
    public static Result compute(SegmentationModel model, ParameterStore ps, NDArray targetImages, UnsupervisedLoss loss,
            ConfidenceMask confidence, Perturbation geometric, Photometric photometric) {
        NDArray weak = model.run(ps, targetImages, true).logits().softmax(1);
        if (!loss.needsStrongView()) {
            NDArray mask = confidence.mask(weak);
            return new Result(loss.compute(weak, null, mask), weak.stopGradient(), mask, coverage(mask));
        }
        NDArray strongImages = geometric.apply(targetImages);
        if (photometric != null) {
            strongImages = photometric.apply(strongImages);
        }
        NDArray strong = model.run(ps, strongImages, true).logits().softmax(1);
        NDArray aligned = geometric.apply(weak);
        NDArray valid = geometric.validMask(aligned);
        NDArray selected;
        if (confidence instanceof ClassAdaptiveThreshold adaptive) {
            adaptive.update(weak);
            selected = adaptive.maskWithoutUpdate(aligned);
        } else {
            selected = confidence.mask(aligned);
        }
        NDArray mask = selected.mul(valid);
        return new Result(loss.compute(aligned, strong, mask), weak.stopGradient(), mask, coverage(mask));
    }

    private static float coverage(NDArray mask) {
        return mask.mean().getFloat();
    }
}
