package org.segadapt.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.util.Random;
import java.util.SplittableRandom;
import org.segadapt.nd.HostArrays;
import org.segadapt.nd.Scalars;

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
        return Scalars.clip(out, 0, 1);
    }

    /** x · f_i per image. */
    public static NDArray brightness(NDArray x, float[] f) {
        return x.mul(perImage(x, f));
    }

    /** (x − mean gray)·f + mean gray, the mean over the whole image. */
    public static NDArray contrast(NDArray x, float[] f) {
        NDArray g = gray(x);
        NDArray mean = Scalars.div(g.sum(new int[] {1, 2, 3}, true), (float) (g.getShape().size() / g.getShape().get(0)));
        return x.sub(mean).mul(perImage(x, f)).add(mean);
    }

    /** gray + (x − gray)·f per pixel. */
    public static NDArray saturation(NDArray x, float[] f) {
        NDArray g = gray(x);
        return x.sub(g).mul(perImage(x, f)).add(g);
    }

    /**
     * x + N(0, σ_i²), drawn from {@code random}. Standard normals come from {@link #NORMAL_QUANTILES} indexed by
     * 16 random bits (inverse-transform sampling over 2^16 equal-probability bins, |z| ≤ 4.4): the same
     * distribution to well below the noise's own resolution, ~20× faster than {@code nextGaussian}.
     */
    public static NDArray gaussianNoise(NDArray x, float[] std, Random random) {
        Shape s = x.getShape();
        int per = (int) (s.size() / s.get(0));
        float[] noise = new float[(int) s.size()];
        SplittableRandom bits = new SplittableRandom(random.nextLong());
        for (int i = 0; i < noise.length; i += 2) {
            int r = bits.nextInt();
            noise[i] = NORMAL_QUANTILES[r >>> 16] * std[i / per];
            if (i + 1 < noise.length) {
                noise[i + 1] = NORMAL_QUANTILES[r & 0xFFFF] * std[(i + 1) / per];
            }
        }
        return x.add(HostArrays.floats(x, noise, s));
    }

    /** Φ⁻¹((k + ½) / 2^16), k = 0 … 2^16 − 1: the bin midpoints of the standard normal's quantile function. */
    static final float[] NORMAL_QUANTILES = new float[1 << 16];

    static {
        for (int k = 0; k < NORMAL_QUANTILES.length; k++) {
            NORMAL_QUANTILES[k] = (float) inverseNormalCdf((k + 0.5) / NORMAL_QUANTILES.length);
        }
    }

    /** Φ⁻¹(p) for 0 < p < 1, Acklam's rational approximation (relative error < 1.2e-9). */
    static double inverseNormalCdf(double p) {
        final double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00};
        final double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01};
        final double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00};
        final double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        if (p < 0.02425 || p > 1 - 0.02425) {
            double q = Math.sqrt(-2 * Math.log(Math.min(p, 1 - p)));
            double z = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
            return p < 0.5 ? z : -z;
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
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
        NDArray kx = HostArrays.floats(x, kernels, new Shape(channels, 1, 1, kernel.length));
        NDArray ky = HostArrays.floats(x, kernels, new Shape(channels, 1, kernel.length, 1));
        NDArray blurred = separable(x, kx, ky, radius, channels);
        // the blurred all-ones image is separable too: (kernel mass inside the frame along y) ⊗ (along x)
        Shape s = x.getShape();
        NDArray ny = HostArrays.floats(x, insideMass(kernel, (int) s.get(2)), new Shape(s.get(2), 1));
        NDArray nx = HostArrays.floats(x, insideMass(kernel, (int) s.get(3)), new Shape(1, s.get(3)));
        return blurred.div(ny.mul(nx));
    }

    /** For each of {@code length} positions, the sum of the kernel taps that fall inside [0, length). */
    private static float[] insideMass(float[] kernel, int length) {
        int radius = kernel.length / 2;
        float[] mass = new float[length];
        for (int i = 0; i < length; i++) {
            for (int t = Math.max(0, radius - i); t < kernel.length && i + t - radius < length; t++) {
                mass[i] += kernel[t];
            }
        }
        return mass;
    }

    private static NDArray separable(NDArray x, NDArray kx, NDArray ky, int radius, int channels) {
        NDArray h = Conv2d.conv2d(x, kx, null, new Shape(1, 1), new Shape(0, radius), new Shape(1, 1), channels).singletonOrThrow();
        return Conv2d.conv2d(h, ky, null, new Shape(1, 1), new Shape(radius, 0), new Shape(1, 1), channels).singletonOrThrow();
    }

    private static NDArray gray(NDArray x) {
        NDArray luma = HostArrays.floats(x, LUMA, new Shape(1, 3, 1, 1));
        return x.mul(luma).sum(new int[] {1}, true);
    }

    private static NDArray perImage(NDArray x, float[] f) {
        if (f.length != x.getShape().get(0)) {
            throw new IllegalArgumentException("need one factor per image: " + f.length + " for " + x.getShape());
        }
        return HostArrays.floats(x, f, new Shape(f.length, 1, 1, 1));
    }

    private float[] factors(int n, double range) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) (1 + (2 * random.nextDouble() - 1) * range);
        }
        return f;
    }
}
