package org.segadapt.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.segadapt.nd.HostArrays;
import org.segadapt.nd.Scalars;

/**
 * The official TUFL code's strong view (ywher/TUFL e84db35, {@code datasets/crosscity.py} {@code trans_unsup_color}
 * then {@code random_affine}), every value drawn per image: brightness U(0.4, 1.2), contrast U(0.4, 2), saturation
 * U(0.5, 2), sharpness U(0.4, 2) (PIL's enhancers, each result clipped), a shadow overlay x·(1 − i·S) with i U(0.01,
 * 0.3), Gaussian noise σ ∈ {3, 4}/255, Gaussian blur of radius U(0, 1.2), histogram equalisation with p 0.3; then an
 * affine map with rotation U(±30°), shear U(±5°), scale U(0.8, 1.2) and a horizontal flip with p 0.5.
 *
 * <p>Departures (docs/FIDELITY.md): the reference draws σ, the blur radius and its weak crop once per run (a bug, not
 * copied); its shadow S is a photograph ({@code shadow_pattern.jpg}), here a smooth random field, flipped and
 * inverted at random as the reference flips and inverts its crop; values stay in floating point (PIL rounds to 8 bits
 * after every step); the affine map acts on pixel offsets, not on {@code affine_grid}'s normalised coordinates.
 */
public final class ReferenceView implements StrongView {
    static final Perturbation.Strength GEOMETRY = new Perturbation.Strength(0.5, 0.8, 1.2, 30, 5, 0);
    private static final double EQUALIZE_PROBABILITY = 0.3;
    // PIL ImageFilter.SMOOTH, the degenerate image of ImageEnhance.Sharpness
    private static final float[] SMOOTH = {1, 1, 1, 1, 5, 1, 1, 1, 1};
    private static final int SHADOW_GRID = 4;

    @Override
    public Drawn draw(NDArray images, Random random) {
        Shape s = images.getShape();
        if (s.dimension() != 4 || s.get(1) != 3) {
            throw new IllegalArgumentException("the strong view expects (N,3,H,W) RGB, got " + s);
        }
        int n = (int) s.get(0), h = (int) s.get(2), w = (int) s.get(3);
        float[] b = uniform(random, n, 0.4, 1.2), c = uniform(random, n, 0.4, 2), sat = uniform(random, n, 0.5, 2);
        float[] sharp = uniform(random, n, 0.4, 2);
        NDArray x = Scalars.clip(Photometric.brightness(images, b), 0, 1);
        x = Scalars.clip(Photometric.contrast(x, c), 0, 1);
        x = Scalars.clip(Photometric.saturation(x, sat), 0, 1);
        x = Scalars.clip(sharpness(x, sharp), 0, 1);
        x = x.mul(HostArrays.floats(x, shadowFactors(random, n, h, w), new Shape(n, 1, h, w)));
        float[] sigma = new float[n];
        for (int i = 0; i < n; i++) {
            sigma[i] = (3 + random.nextInt(2)) / 255f; // np.random.randint(3, 5)
        }
        x = Scalars.clip(Photometric.gaussianNoise(x, sigma, random), 0, 1);
        List<Perturbation> maps = new ArrayList<>();
        NDArray out = null;
        for (int i = 0; i < n; i++) {
            NDArray one = x.get(i).expandDims(0);
            double radius = random.nextDouble() * 1.2;
            if (radius > 1e-3) {
                one = Photometric.gaussianBlur(one, radius);
            }
            if (random.nextDouble() < EQUALIZE_PROBABILITY) {
                one = HostArrays.floats(one, equalize(one.toFloatArray(), h * w), one.getShape());
            }
            maps.add(Perturbation.sample(random, GEOMETRY));
            one = maps.get(i).apply(one);
            out = out == null ? one : out.concat(one, 0);
        }
        return new Drawn(out, Warp.perImage(maps));
    }

    /** PIL's ImageEnhance.Sharpness: smooth + f·(x − smooth), the smoothed image keeping the border pixels. */
    static NDArray sharpness(NDArray x, float[] f) {
        Shape s = x.getShape();
        int h = (int) s.get(2), w = (int) s.get(3);
        float[] k = new float[3 * 9];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 9; i++) {
                k[c * 9 + i] = SMOOTH[i] / 13f;
            }
        }
        NDArray smooth = Conv2d.conv2d(x, HostArrays.floats(x, k, new Shape(3, 1, 3, 3)), null, new Shape(1, 1), new Shape(1, 1),
                new Shape(1, 1), 3).singletonOrThrow();
        float[] interior = new float[h * w];
        for (int y = 1; y < h - 1; y++) {
            for (int xx = 1; xx < w - 1; xx++) {
                interior[y * w + xx] = 1;
            }
        }
        NDArray in = HostArrays.floats(x, interior, new Shape(1, 1, h, w));
        smooth = smooth.mul(in).add(x.mul(Scalars.rsub(1, in)));
        return smooth.add(x.sub(smooth).mul(HostArrays.floats(x, f, new Shape(f.length, 1, 1, 1))));
    }

    /** 1 − i·S per image: S a bilinear field over a coarse grid of uniform values, inverted with p 0.5. */
    static float[] shadowFactors(Random random, int n, int h, int w) {
        float[] out = new float[n * h * w];
        for (int i = 0; i < n; i++) {
            double intensity = 0.01 + random.nextDouble() * 0.29;
            double[] grid = new double[(SHADOW_GRID + 1) * (SHADOW_GRID + 1)];
            for (int g = 0; g < grid.length; g++) {
                grid[g] = random.nextDouble();
            }
            boolean invert = random.nextBoolean();
            for (int y = 0; y < h; y++) {
                double gy = y * (double) SHADOW_GRID / Math.max(1, h - 1);
                int y0 = Math.min((int) gy, SHADOW_GRID - 1);
                double fy = gy - y0;
                for (int x = 0; x < w; x++) {
                    double gx = x * (double) SHADOW_GRID / Math.max(1, w - 1);
                    int x0 = Math.min((int) gx, SHADOW_GRID - 1);
                    double fx = gx - x0;
                    int r = SHADOW_GRID + 1;
                    double v = (1 - fy) * ((1 - fx) * grid[y0 * r + x0] + fx * grid[y0 * r + x0 + 1])
                            + fy * ((1 - fx) * grid[(y0 + 1) * r + x0] + fx * grid[(y0 + 1) * r + x0 + 1]);
                    out[(i * h + y) * w + x] = (float) (1 - intensity * (invert ? 1 - v : v));
                }
            }
        }
        return out;
    }

    /**
     * PIL's ImageOps.equalize per channel on 8-bit levels: lut[l] = (½·step + Σ_{l' < l} hist[l']) / step with
     * step = (pixels − count of the highest occupied level) / 255; a channel with step 0 is left as it is.
     */
    static float[] equalize(float[] rgb, int pixels) {
        float[] out = rgb.clone();
        for (int c = 0; c < rgb.length / pixels; c++) {
            int[] level = new int[pixels];
            int[] hist = new int[256];
            for (int p = 0; p < pixels; p++) {
                level[p] = Math.max(0, Math.min(255, Math.round(rgb[c * pixels + p] * 255)));
                hist[level[p]]++;
            }
            int last = 255;
            while (hist[last] == 0) {
                last--;
            }
            int step = (pixels - hist[last]) / 255;
            if (step == 0) {
                continue;
            }
            int[] lut = new int[256];
            int acc = step / 2;
            for (int l = 0; l < 256; l++) {
                lut[l] = Math.min(255, acc / step);
                acc += hist[l];
            }
            for (int p = 0; p < pixels; p++) {
                out[c * pixels + p] = lut[level[p]] / 255f;
            }
        }
        return out;
    }

    private static float[] uniform(Random random, int n, double lo, double hi) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) (lo + random.nextDouble() * (hi - lo));
        }
        return f;
    }
}
