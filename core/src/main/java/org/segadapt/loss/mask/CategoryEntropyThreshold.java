package org.segadapt.loss.mask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.segadapt.loss.ShannonEntropy;

/**
 * Category-adaptive entropy thresholds of CaDA Sec. 2.2, eq. (1)–(3):
 * <pre>
 *   f^l = (1/|P^l|) Σ_{hw: argmax P^{hw} = l} P^{hw}  ∈ R^C                      (1)
 *   E(P^{hw}) = −Σ_c P^{hwc} log P^{hwc}                                      (2)
 *   m^{hw} = 1[ E(P^{hw}) < E(f^l) − Δ ],  l = argmax P^{hw}                   (3)
 * </pre>
 * Reading of eq. (1): taken literally, Σ_c ŷ^{hwc} P^{hwc} is the scalar max confidence, which
 * contradicts f^l ∈ R^C. We read ŷ as selecting the pixels decided as class l and sum their whole
 * probability vectors, so f^l is the mean prediction vector of class l over the target set;
 * "confidence-weighted" because confident pixels contribute peaked vectors (a centroid in the
 * output space, after Zou et al.'s class-balanced clustering the paper builds on).
 * <p>
 * Use: {@link #accumulate} over the whole target set with the pre-adapted model, then
 * {@link #mask} each image to pick its pseudo-labels. Classes never predicted during accumulation
 * have no centroid (entropy NaN) and select no pixels.
 */
public final class CategoryEntropyThreshold implements ConfidenceMask, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final int numClasses;
    private final double entropyMargin;
    private final double[][] sums; // [l][c] Σ P^{hw,c} over pixels predicted l
    private final long[] counts;   // |P^l|

    public CategoryEntropyThreshold(int numClasses, double entropyMargin) {
        if (numClasses <= 0) {
            throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
        }
        if (!Double.isFinite(entropyMargin)) {
            throw new IllegalArgumentException("entropyMargin must be finite, got " + entropyMargin);
        }
        this.numClasses = numClasses;
        this.entropyMargin = entropyMargin;
        this.sums = new double[numClasses][numClasses];
        this.counts = new long[numClasses];
    }

    public double entropyMargin() {
        return entropyMargin;
    }

    /** The same centroids with another Δ (e.g. one chosen from the entropy gaps, {@link #entropyGap}). */
    public CategoryEntropyThreshold withMargin(double margin) {
        CategoryEntropyThreshold t = new CategoryEntropyThreshold(numClasses, margin);
        for (int l = 0; l < numClasses; l++) {
            System.arraycopy(sums[l], 0, t.sums[l], 0, numClasses);
        }
        System.arraycopy(counts, 0, t.counts, 0, numClasses);
        return t;
    }

    /**
     * E(f^l) − E(P^{hw}) per pixel, l its predicted class, as (N,H,W): eq. (3) keeps a pixel when this exceeds Δ.
     * Pixels of classes without a centroid get {@link #NO_CENTROID}, below any Δ.
     */
    public NDArray entropyGap(NDArray prob) {
        check(prob);
        float[] e = centroidEntropies();
        float[] ef = new float[numClasses];
        for (int l = 0; l < numClasses; l++) {
            ef[l] = Float.isNaN(e[l]) ? NO_CENTROID : e[l];
        }
        NDArray p = prob.stopGradient().toType(DataType.FLOAT32, false);
        return Masks.perPredictedClass(p.argMax(1), ef, numClasses).sub(ShannonEntropy.entropyMap(p));
    }

    /** {@link #entropyGap} of a pixel whose class was never predicted while accumulating. */
    public static final float NO_CENTROID = -1e6f;

    /**
     * One batch's share of eq. (1), as the matrix product gives it: {@code sums[l·C + c]} = Σ P^{hw,c} over its pixels
     * predicted l, {@code counts[l]} = their number. Per-image partials added in image order ({@link #add}) give the same
     * double sums wherever they were computed (a cluster's executors, or one machine).
     */
    public record Partial(float[] sums, float[] counts) implements java.io.Serializable {}

    /** {@link Partial} of one batch (N,C,H,W) of target predictions. */
    public Partial partial(NDArray prob) {
        check(prob);
        NDArray p = prob.stopGradient().toType(DataType.FLOAT32, false);
        // (M,C) pixels × classes; one-hot of the decision (M,L); sums = onehotᵀ · P  (L,C)
        NDArray flat = p.transpose(0, 2, 3, 1).reshape(new Shape(-1, numClasses));
        NDArray decided = flat.argMax(1).oneHot(numClasses, DataType.FLOAT32);
        return new Partial(decided.transpose().matMul(flat).toFloatArray(), decided.sum(new int[] {0}).toFloatArray());
    }

    /** Adds one batch's partial to the centroid sums of eq. (1). */
    public void add(Partial batch) {
        for (int l = 0; l < numClasses; l++) {
            counts[l] += Math.round(batch.counts()[l]);
            for (int c = 0; c < numClasses; c++) {
                sums[l][c] += batch.sums()[l * numClasses + c];
            }
        }
    }

    /** Adds one batch (N,C,H,W) of target predictions to the centroid sums of eq. (1). */
    public void accumulate(NDArray prob) {
        add(partial(prob));
    }

    /** f^l of eq. (1) (row l), NaN rows for classes never predicted. */
    public float[][] centroids() {
        float[][] f = new float[numClasses][numClasses];
        for (int l = 0; l < numClasses; l++) {
            for (int c = 0; c < numClasses; c++) {
                f[l][c] = counts[l] == 0 ? Float.NaN : (float) (sums[l][c] / counts[l]);
            }
        }
        return f;
    }

    /** E(f^l), NaN for classes never predicted. */
    public float[] centroidEntropies() {
        float[] e = new float[numClasses];
        for (int l = 0; l < numClasses; l++) {
            if (counts[l] == 0) {
                e[l] = Float.NaN;
                continue;
            }
            double h = 0;
            for (int c = 0; c < numClasses; c++) {
                double f = sums[l][c] / counts[l];
                h -= f > 0 ? f * Math.log(f) : 0;
            }
            e[l] = (float) h;
        }
        return e;
    }

    /** Pixel counts |P^l| seen so far. */
    public long[] counts() {
        return counts.clone();
    }

    /** m of eq. (3) as (N,H,W) float 0/1. */
    @Override
    public NDArray mask(NDArray prob) {
        check(prob);
        long seen = 0;
        for (long c : counts) {
            seen += c;
        }
        if (seen == 0) {
            throw new IllegalStateException("CategoryEntropyThreshold: accumulate() the target predictions before mask()");
        }
        float[] thresholds = new float[numClasses];
        float[] e = centroidEntropies();
        for (int l = 0; l < numClasses; l++) {
            // −∞ would make 0·(−∞) = NaN in the one-hot product; any value below 0 selects nothing
            thresholds[l] = Float.isNaN(e[l]) ? -1f : (float) (e[l] - entropyMargin);
        }
        NDArray p = prob.stopGradient().toType(DataType.FLOAT32, false);
        NDArray threshold = Masks.perPredictedClass(p.argMax(1), thresholds, numClasses);
        return ShannonEntropy.entropyMap(p).lt(threshold).toType(DataType.FLOAT32, false);
    }

    private void check(NDArray prob) {
        Masks.checkProb(prob);
        if (prob.getShape().get(1) != numClasses) {
            throw new IllegalArgumentException("prediction has " + prob.getShape().get(1) + " classes, expected " + numClasses);
        }
    }
}
