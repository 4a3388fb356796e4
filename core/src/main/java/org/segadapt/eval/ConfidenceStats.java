package org.segadapt.eval;

import ai.djl.ndarray.NDArray;
import org.segadapt.data.labels.ClassSet;
import org.segadapt.loss.mask.Argmax;

/**
 * TUFL Fig. 3: per predicted class, the mean maximum probability and the share of its pixels whose
 * confidence exceeds a fixed threshold t and the class's adaptive threshold α_c (when given).
 */
public final class ConfidenceStats {
    private final int n = ClassSet.NUM_CLASSES;
    private final float fixed;
    private final float[] alphas;
    private final double[] sumConfidence = new double[n];
    private final long[] pixels = new long[n];
    private final long[] aboveFixed = new long[n];
    private final long[] aboveAlpha = new long[n];

    public ConfidenceStats(float fixedThreshold, float[] alphas) {
        this.fixed = fixedThreshold;
        this.alphas = alphas;
    }

    /** Adds probabilities (N, C, H, W). */
    public void add(NDArray prob) {
        Argmax a = Argmax.of(prob);
        float[] conf = a.confidence();
        int[] cls = a.classes();
        for (int i = 0; i < conf.length; i++) {
            int c = cls[i];
            pixels[c]++;
            sumConfidence[c] += conf[i];
            if (conf[i] > fixed) {
                aboveFixed[c]++;
            }
            if (alphas != null && conf[i] > alphas[c]) {
                aboveAlpha[c]++;
            }
        }
    }

    public long pixels(int c) {
        return pixels[c];
    }

    public double meanConfidence(int c) {
        return pixels[c] == 0 ? Double.NaN : sumConfidence[c] / pixels[c];
    }

    public double shareAboveFixed(int c) {
        return pixels[c] == 0 ? Double.NaN : (double) aboveFixed[c] / pixels[c];
    }

    public double shareAboveAlpha(int c) {
        return alphas == null || pixels[c] == 0 ? Double.NaN : (double) aboveAlpha[c] / pixels[c];
    }

    public boolean hasAlphas() {
        return alphas != null;
    }

    public float alpha(int c) {
        return alphas == null ? Float.NaN : alphas[c];
    }

    public float fixedThreshold() {
        return fixed;
    }
}
