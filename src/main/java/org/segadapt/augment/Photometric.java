package org.segadapt.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.util.Random;

/**
 * Photometric part of the strong view x_{t*} (TUFL Sec. IV-C, after Xu et al.'s NCE setup): colour
 * jitter (brightness, contrast, saturation), Gaussian noise and Gaussian blur, on RGB images
 * (N,3,H,W) in [0,1], each image with its own draw. The result is clipped to [0,1]. Pixel positions
 * do not move, so the weak prediction needs no alignment for these.
 */
public final class Photometric {

    /** Ranges: factors are drawn from [1−x, 1+x]; noise std and blur σ from [0, max]. */
    public record Strength(double brightness, double contrast, double saturation, double maxNoiseStd,
                           double blurProbability, double maxBlurSigma) {
        public static final Strength DEFAULT = new Strength(0.3, 0.3, 0.3, 0.03, 0.5, 1.5);

        public Strength {
            if (!(brightness >= 0 && brightness < 1 && contrast >= 0 && contrast < 1 && saturation >= 0 && saturation < 1)) {
                throw new IllegalArgumentException("jitter strengths must be in [0,1)");
            }
            if (!(maxNoiseStd >= 0 && maxBlurSigma >= 0 && blurProbability >= 0 && blurProbability <= 1)) {
                throw new IllegalArgumentException("noise std, blur sigma must be >= 0 and blur probability in [0,1]");
            }
        }
    }

    private static final float[] LUMA = {0.299f, 0.587f, 0.114f};

    private final Strength strength;
    private final Random random;

    public Photometric(Strength strength, Random random) {
        this.strength = strength;
        this.random = random;
    }

    /** Applies a fresh draw of jitter → noise → blur to each image of the batch. */
    public NDArray apply(NDArray images) {
        Shape s = images.getShape();
        if (s.dimension() != 4 || s.get(1) != 3) {
            throw new IllegalArgumentException("photometric ops expect (N,3,H,W) RGB, got " + s);
        }
        int n = (int) s.get(0);
        float[] b = factors(n, strength.brightness());
        float[] c = factors(n, strength.contrast());
        float[] sat = factors(n, strength.saturation());
        NDArray x = brightness(images, b);
        x = contrast(x, c);
        x = saturation(x, sat);
        float[] noise = new float[n];
        for (int i = 0; i < n; i++) {
            noise[i] = (float) (random.nextDouble() * strength.maxNoiseStd());
        }
        x = gaussianNoise(x, noise, random);
        NDArray[] blurred = new NDArray[n];
        for (int i = 0; i < n; i++) {
            NDArray one = x.get(i).expandDims(0);
            boolean blur = random.nextDouble() < strength.blurProbability();
            double sigma = random.nextDouble() * strength.maxBlurSigma();
            blurred[i] = blur && sigma > 0.1 ? gaussianBlur(one, sigma) : one;
        }
        NDArray out = blurred[0];
        for (int i = 1; i < n; i++) {
            out = out.concat(blurred[i], 0);
        }
        return out.clip(0, 1);
    }

    /** x · f_i per image. */
    public static NDArray brightness(NDArray x, float[] f) {
        return x.mul(perImage(x, f));
    }

    /** (x − mean gray)·f + mean gray, the mean over the whole image. */
    public static NDArray contrast(NDArray x, float[] f) {
        NDArray g = gray(x);
        NDArray mean = g.sum(new int[] {1, 2, 3}, true).div((float) (g.getShape().size() / g.getShape().get(0)));
        return x.sub(mean).mul(perImage(x, f)).add(mean);
    }

    /** gray + (x − gray)·f per pixel. */
    public static NDArray saturation(NDArray x, float[] f) {
        NDArray g = gray(x);
        return x.sub(g).mul(perImage(x, f)).add(g);
    }

    /** x + N(0, σ_i²), drawn from {@code random}. */
    public static NDArray gaussianNoise(NDArray x, float[] std, Random random) {
        Shape s = x.getShape();
        int per = (int) (s.size() / s.get(0));
        float[] noise = new float[(int) s.size()];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (random.nextGaussian() * std[i / per]);
        }
        return x.add(x.getManager().create(noise, s).toDevice(x.getDevice(), false));
    }

    /**
     * Separable Gaussian blur (radius ⌈3σ⌉), depthwise; borders renormalised by the blurred
     * all-ones image so they do not darken.
     */
    public static NDArray gaussianBlur(NDArray x, double sigma) {
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("blur sigma must be positive, got " + sigma);
        }
        int channels = (int) x.getShape().get(1);
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] kernel = new float[2 * radius + 1];
        double total = 0;
        for (int i = -radius; i <= radius; i++) {
            total += kernel[i + radius] = (float) Math.exp(-(i * (double) i) / (2 * sigma * sigma));
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= (float) total;
        }
        NDManager m = x.getManager();
        float[] kernels = new float[channels * kernel.length];
        for (int c = 0; c < channels; c++) {
            System.arraycopy(kernel, 0, kernels, c * kernel.length, kernel.length);
        }
        NDArray kx = m.create(kernels, new Shape(channels, 1, 1, kernel.length)).toDevice(x.getDevice(), false);
        NDArray ky = m.create(kernels, new Shape(channels, 1, kernel.length, 1)).toDevice(x.getDevice(), false);
        NDArray blurred = separable(x, kx, ky, radius, channels);
        NDArray norm = separable(x.onesLike(), kx, ky, radius, channels);
        return blurred.div(norm);
    }

    private static NDArray separable(NDArray x, NDArray kx, NDArray ky, int radius, int channels) {
        NDArray h = Conv2d.conv2d(x, kx, null, new Shape(1, 1), new Shape(0, radius), new Shape(1, 1), channels).singletonOrThrow();
        return Conv2d.conv2d(h, ky, null, new Shape(1, 1), new Shape(radius, 0), new Shape(1, 1), channels).singletonOrThrow();
    }

    private static NDArray gray(NDArray x) {
        NDArray luma = x.getManager().create(LUMA, new Shape(1, 3, 1, 1)).toDevice(x.getDevice(), false);
        return x.mul(luma).sum(new int[] {1}, true);
    }

    private static NDArray perImage(NDArray x, float[] f) {
        if (f.length != x.getShape().get(0)) {
            throw new IllegalArgumentException("need one factor per image: " + f.length + " for " + x.getShape());
        }
        return x.getManager().create(f, new Shape(f.length, 1, 1, 1)).toDevice(x.getDevice(), false);
    }

    private float[] factors(int n, double range) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) (1 + (2 * random.nextDouble() - 1) * range);
        }
        return f;
    }
}
