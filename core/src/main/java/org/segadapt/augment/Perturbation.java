package org.segadapt.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.segadapt.nd.HostArrays;

/**
 * TUFL's geometric perturbation g (Sec. III): x_{t*} = g(x_t), and the same g applied to the weak
 * prediction f(x_t) aligns it with f(x_{t*}). One affine map (horizontal flip, isotropic scale,
 * rotation, shear, translation) about the image centre, used for the whole batch.
 * <p>
 * The map is defined in pixel units (dimensionless scale/angle/shear; translation as a fraction of
 * the extent), so the same g applies to an image (N,3,H,W) and to a probability map (N,C,h,w) at a
 * lower resolution. Sampling is bilinear with align-corners pixel centres: for every output pixel
 * the source coordinate is precomputed, the 4 neighbours are gathered and mixed with constant
 * weights, so the result is differentiable w.r.t. the input values. Pixels whose source lies outside
 * the frame get 0 and are reported by {@link #validMask} (to be removed from I_t).
 * <p>
 * {@link #inverse()} is the inverse affine map; flips and translations by whole pixels (no
 * rotation, shear or scale) are undone exactly on the pixels valid in both directions.
 */
public final class Perturbation implements Warp {

    /** Sampling ranges of {@link #sample}. Rotation and shear in degrees. */
    public record Strength(double flipProbability, double minScale, double maxScale, double maxRotationDegrees,
                           double maxShearDegrees, double maxTranslate) {
        /** Like Xu et al.'s NCE setup (TUFL Sec. IV-C): flip, scale 0.75–1.25, rotation ±10°, small shear. */
        public static final Strength DEFAULT = new Strength(0.5, 0.75, 1.25, 10, 5, 0);

        public Strength {
            if (!(flipProbability >= 0 && flipProbability <= 1)) {
                throw new IllegalArgumentException("flipProbability must be in [0,1], got " + flipProbability);
            }
            if (!(minScale > 0 && maxScale >= minScale)) {
                throw new IllegalArgumentException("scale range must satisfy 0 < min <= max, got " + minScale + ".." + maxScale);
            }
            if (!(maxRotationDegrees >= 0 && maxShearDegrees >= 0 && maxShearDegrees < 60 && maxTranslate >= 0)) {
                throw new IllegalArgumentException("rotation, shear (<60°) and translate ranges must be >= 0");
            }
        }
    }

    private static final double SNAP = 1e-6;

    private final boolean flip;
    private final double scale;
    private final double rotationDegrees;
    private final double shearDegrees;
    private final double translateX; // fraction of (W−1), positive moves content right
    private final double translateY; // fraction of (H−1), positive moves content down
    private final boolean inverted;

    private Perturbation(boolean flip, double scale, double rotationDegrees, double shearDegrees,
                         double translateX, double translateY, boolean inverted) {
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be positive, got " + scale);
        }
        if (!(Math.abs(shearDegrees) < 89)) {
            throw new IllegalArgumentException("shear must be within ±89°, got " + shearDegrees);
        }
        this.flip = flip;
        this.scale = scale;
        this.rotationDegrees = rotationDegrees;
        this.shearDegrees = shearDegrees;
        this.translateX = translateX;
        this.translateY = translateY;
        this.inverted = inverted;
    }

    /** A fixed perturbation (forward direction). */
    public static Perturbation of(boolean flip, double scale, double rotationDegrees, double shearDegrees,
                                  double translateX, double translateY) {
        return new Perturbation(flip, scale, rotationDegrees, shearDegrees, translateX, translateY, false);
    }

    public static Perturbation identity() {
        return of(false, 1, 0, 0, 0, 0);
    }

    /** Draws g from {@code strength} with {@code random}. */
    public static Perturbation sample(Random random, Strength strength) {
        boolean flip = random.nextDouble() < strength.flipProbability();
        double scale = strength.minScale() + random.nextDouble() * (strength.maxScale() - strength.minScale());
        double rotation = (2 * random.nextDouble() - 1) * strength.maxRotationDegrees();
        double shear = (2 * random.nextDouble() - 1) * strength.maxShearDegrees();
        double tx = (2 * random.nextDouble() - 1) * strength.maxTranslate();
        double ty = (2 * random.nextDouble() - 1) * strength.maxTranslate();
        return of(flip, scale, rotation, shear, tx, ty);
    }

    /** g⁻¹. */
    public Perturbation inverse() {
        return new Perturbation(flip, scale, rotationDegrees, shearDegrees, translateX, translateY, !inverted);
    }

    public boolean isInverse() {
        return inverted;
    }

    /** Warps (N,K,H,W) values: out[.., y, x] = in[.., src(y, x)], bilinear, 0 outside the frame. */
    @Override
    public NDArray apply(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("perturbation expects (N,K,H,W), got " + s);
        }
        int n = (int) s.get(0);
        int k = (int) s.get(1);
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        Sampling sampling = sampling(h, w);
        NDArray flat = x.reshape(n, k, (long) h * w);
        NDArray out = null;
        for (int corner = 0; corner < 4; corner++) {
            NDArray index = HostArrays.longs(x, sampling.index[corner], new Shape(1, 1, (long) h * w)).broadcast(n, k, (long) h * w);
            NDArray weight = HostArrays.floats(x, sampling.weight[corner], new Shape(1, 1, (long) h * w)).toType(x.getDataType(), false);
            NDArray term = flat.gather(index, 2).muli(weight); // in place: gather's backward needs only the index
            out = out == null ? term : out.addi(term);
        }
        return out.reshape(n, k, h, w);
    }

    /** (N,H,W) float32: 1 where the output pixel's source lies inside the frame of {@code like} (N,K,H,W). */
    @Override
    public NDArray validMask(NDArray like) {
        Shape s = like.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("perturbation expects (N,K,H,W), got " + s);
        }
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        float[] valid = sampling(h, w).valid;
        return HostArrays.floats(like, valid, new Shape(1, h, w)).broadcast(s.get(0), h, w).toType(DataType.FLOAT32, true);
    }

    /**
     * The 2×3 map from output pixel (x, y) to source pixel, for an H×W frame:
     * src = c + A·(out − c − t) for the forward map with A = L⁻¹, and src = c + L·(out − c) + t for the inverse.
     * Returned as {a00, a01, b0, a10, a11, b1}: src_x = a00·x + a01·y + b0, src_y = a10·x + a11·y + b1.
     */
    double[] sourceFromOutput(int h, int w) {
        double th = Math.toRadians(rotationDegrees);
        double sh = Math.tan(Math.toRadians(shearDegrees));
        double cos = Math.cos(th);
        double sin = Math.sin(th);
        // forward linear part L = Flip · scale · R · Shear (shear along x), on pixel offsets
        double l00 = scale * (cos * 1 + (-sin) * 0);
        double l01 = scale * (cos * sh + (-sin) * 1);
        double l10 = scale * (sin * 1 + cos * 0);
        double l11 = scale * (sin * sh + cos * 1);
        if (flip) {
            l00 = -l00;
            l01 = -l01;
        }
        double tx = translateX * (w - 1);
        double ty = translateY * (h - 1);
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        double a00, a01, a10, a11, ox, oy;
        if (!inverted) {
            double det = l00 * l11 - l01 * l10;
            a00 = l11 / det;
            a01 = -l01 / det;
            a10 = -l10 / det;
            a11 = l00 / det;
            // src = c + A (out − c − t)
            ox = cx - a00 * (cx + tx) - a01 * (cy + ty);
            oy = cy - a10 * (cx + tx) - a11 * (cy + ty);
        } else {
            a00 = l00;
            a01 = l01;
            a10 = l10;
            a11 = l11;
            // src = c + L (out − c) + t
            ox = cx + tx - a00 * cx - a01 * cy;
            oy = cy + ty - a10 * cx - a11 * cy;
        }
        return new double[] {a00, a01, ox, a10, a11, oy};
    }

    private record Sampling(int h, int w, long[][] index, float[][] weight, float[] valid) {}

    /** The last frame's sampling: a step warps the image, the probability map and the mask at one size. */
    private Sampling cached;

    private Sampling sampling(int h, int w) {
        Sampling c = cached;
        if (c == null || c.h() != h || c.w() != w) {
            c = computeSampling(h, w);
            cached = c;
        }
        return c;
    }

    private Sampling computeSampling(int h, int w) {
        double[] m = sourceFromOutput(h, w);
        int size = h * w;
        long[][] index = new long[4][size];
        float[][] weight = new float[4][size];
        float[] valid = new float[size];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = y * w + x;
                double sx = snap(m[0] * x + m[1] * y + m[2]);
                double sy = snap(m[3] * x + m[4] * y + m[5]);
                valid[o] = sx >= 0 && sx <= w - 1 && sy >= 0 && sy <= h - 1 ? 1f : 0f;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double fx = sx - x0;
                double fy = sy - y0;
                int[] xs = {x0, x0 + 1, x0, x0 + 1};
                int[] ys = {y0, y0, y0 + 1, y0 + 1};
                double[] ws = {(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy};
                for (int c = 0; c < 4; c++) {
                    boolean inside = xs[c] >= 0 && xs[c] < w && ys[c] >= 0 && ys[c] < h;
                    // zero padding: outside neighbours point at pixel 0 with weight 0
                    index[c][o] = inside ? (long) ys[c] * w + xs[c] : 0;
                    weight[c][o] = inside ? (float) ws[c] : 0f;
                }
            }
        }
        return new Sampling(h, w, index, weight, valid);
    }

    /** Removes floating-point dust so whole-pixel shifts and flips sample exactly one pixel. */
    private static double snap(double v) {
        double r = Math.rint(v);
        return Math.abs(v - r) < SNAP ? r : v;
    }

    @Override
    public String toString() {
        return String.format("Perturbation[%sflip=%s, scale=%.3f, rotation=%.2f°, shear=%.2f°, translate=(%.3f, %.3f)]",
                inverted ? "inverse of " : "", flip, scale, rotationDegrees, shearDegrees, translateX, translateY);
    }
}
