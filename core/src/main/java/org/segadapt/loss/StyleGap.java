package org.segadapt.loss;

import ai.djl.ndarray.NDArray;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.segadapt.nd.Scalars;

/**
 * CaDA Sec. 2.1 style gap bridging. The style extractor is global average pooling of an encoder stage,
 * S = GAP(F) ∈ R^{N×C} ("channel-wise statistics are related to style"). Table 3 compares three ways to
 * pull the source and target styles together:
 * <ul>
 *   <li>{@link Mode#GRAM}: MSE between the Gram matrices of the two domains;</li>
 *   <li>{@link Mode#MEANSTD}: MSE between channel means plus MSE between channel standard deviations;</li>
 *   <li>{@link Mode#ADVERSARIAL} (the paper's choice, "mean (Ours)"): a GAN loss on S through a style
 *       discriminator D_f^n ({@link org.segadapt.model.discriminator.StyleDiscriminator}) with {@link Adversarial}.</li>
 * </ul>
 * The images of the two domains show different scenes, so the MSE variants compare the statistics averaged
 * over each domain's batch (a per-image pairing would be arbitrary).
 */
public final class StyleGap {
    /** Style-constraint variants of Table 3, plus none (Table 2's "original"). */
    public enum Mode {
        ADVERSARIAL, GRAM, MEANSTD, NONE;

        public static Mode parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT).replace("-", "").replace("&", "").replace("_", ""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("style mode must be adversarial, gram, meanstd or none, got '" + s + "'");
            }
        }
    }

    private static final float STD_EPS = 1e-5f;

    private StyleGap() {}

    /** S = global average pooling over H, W: (N,C,H,W) → (N,C). */
    public static NDArray style(NDArray feature) {
        check(feature);
        return feature.mean(new int[] {3}).mean(new int[] {2}); // PyTorch's mean takes one axis at a time here
    }

    /** Gram matrices G = F·Fᵀ / (H·W) with F the (C, H·W) feature map of each image: (N,C,H,W) → (N,C,C). */
    public static NDArray gram(NDArray feature) {
        check(feature);
        var s = feature.getShape();
        NDArray f = feature.reshape(s.get(0), s.get(1), s.get(2) * s.get(3));
        return Scalars.div(f.matMul(f.transpose(0, 2, 1)), (float) (s.get(2) * s.get(3)));
    }

    /** mean over C×C of (Ḡ_s − Ḡ_t)², Ḡ the batch mean of the Gram matrices (Table 3, "MSE / Gram matrix"). */
    public static NDArray gramLoss(NDArray sourceFeature, NDArray targetFeature) {
        checkChannels(sourceFeature, targetFeature);
        NDArray gs = gram(sourceFeature).mean(new int[] {0});
        NDArray gt = gram(targetFeature).mean(new int[] {0});
        return gs.sub(gt).square().mean();
    }

    /**
     * MSE(μ̄_s, μ̄_t) + MSE(σ̄_s, σ̄_t) over channels, μ and σ = √(var + 1e-5) per image and channel over H, W
     * (biased variance, as instance normalisation), averaged over each batch (Table 3, "MSE / mean & std").
     */
    public static NDArray meanStdLoss(NDArray sourceFeature, NDArray targetFeature) {
        checkChannels(sourceFeature, targetFeature);
        NDArray[] s = meanStd(sourceFeature);
        NDArray[] t = meanStd(targetFeature);
        return s[0].sub(t[0]).square().mean().add(s[1].sub(t[1]).square().mean());
    }

    /**
     * Segmenter side of the adversarial style loss (L_style of eq. (5)): the target style S_t is to be classified
     * as source by D_f, bce(D_f(S_t), source). {@code discriminator} maps (N,C) styles to patch logits.
     */
    public static NDArray adversarialGeneratorLoss(UnaryOperator<NDArray> discriminator, NDArray targetFeature) {
        return Adversarial.generatorLoss(discriminator.apply(style(targetFeature)));
    }

    /** Discriminator side: ½(bce(D_f(S_s), source) + bce(D_f(S_t), target)) on detached styles. */
    public static NDArray adversarialDiscriminatorLoss(UnaryOperator<NDArray> discriminator, NDArray sourceFeature,
            NDArray targetFeature) {
        return Adversarial.discriminatorLoss(discriminator.apply(style(sourceFeature).stopGradient()),
                discriminator.apply(style(targetFeature).stopGradient()));
    }

    /** Batch-averaged channel mean and standard deviation, each (C). */
    static NDArray[] meanStd(NDArray feature) {
        NDArray mu = feature.mean(new int[] {3}, true).mean(new int[] {2}, true);
        NDArray var = feature.sub(mu).square().mean(new int[] {3}).mean(new int[] {2});
        NDArray sigma = Scalars.add(var, STD_EPS).sqrt();
        return new NDArray[] {mu.squeeze(new int[] {2, 3}).mean(new int[] {0}), sigma.mean(new int[] {0})};
    }

    private static void check(NDArray feature) {
        if (feature.getShape().dimension() != 4) {
            throw new IllegalArgumentException("style needs a (N,C,H,W) feature map, got " + feature.getShape());
        }
    }

    private static void checkChannels(NDArray a, NDArray b) {
        check(a);
        check(b);
        if (a.getShape().get(1) != b.getShape().get(1)) {
            throw new IllegalArgumentException("source and target features differ in channels: " + a.getShape() + " vs " + b.getShape());
        }
    }
}
