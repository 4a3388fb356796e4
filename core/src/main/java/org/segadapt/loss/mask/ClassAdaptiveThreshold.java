package org.segadapt.loss.mask;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;

/**
 * Class-level dynamic thresholds of TUFL eq. (8)–(9):
 * <pre>
 *   α_0 = [t, …, t],   α_k = a·α_{k−1} + (1−a)·α'_k                       (8)
 *   p_m^c = p_m[argmax p = c],   α'^c_k = descend(p_m^c)[ ⌊ b·(e^{α^c_{k−1} − 1})^d · |p_m^c| ⌋ ]   (9)
 *   I_t = {n | argmax p^n = c, p_m^n > α[c]}
 * </pre>
 * Classes absent from the current prediction keep their threshold. The index is clamped to
 * |p_m^c| − 1. {@link #mask} first updates α with the current batch and then selects pixels with
 * the updated α_k: the paper updates the threshold "for the current sample" (Sec. III-B: "the
 * threshold is updated on each image, which is more suitable for the current segmentation result"),
 * so I_t of iteration k is defined by α_k, not α_{k−1}. Use {@link #maskWithoutUpdate} to evaluate.
 * <p>
 * State is a plain float[] (checkpointed via {@link #alphas()} and the restoring constructor);
 * stage 2 of TUFL samples long-tail classes with softmax(1/α).
 */
public final class ClassAdaptiveThreshold implements ConfidenceMask {
    public static final double DEFAULT_INITIAL_THRESHOLD = 0.8;
    public static final double DEFAULT_THRESHOLD_MOMENTUM = 0.9;
    public static final double DEFAULT_KEEP_RATIO = 0.8;
    public static final double DEFAULT_HARD_CLASS_DECAY = 8;

    private final float[] alphas;
    private final double thresholdMomentum;
    private final double keepRatio;
    private final double hardClassDecay;

    /** α_0 = [t..t] with the paper's a = 0.9, b = 0.8, d = 8. */
    public ClassAdaptiveThreshold(int numClasses) {
        this(numClasses, DEFAULT_INITIAL_THRESHOLD, DEFAULT_THRESHOLD_MOMENTUM, DEFAULT_KEEP_RATIO, DEFAULT_HARD_CLASS_DECAY);
    }

    public ClassAdaptiveThreshold(int numClasses, double initialThreshold, double thresholdMomentum,
                                  double keepRatio, double hardClassDecay) {
        this(filled(numClasses, initialThreshold), thresholdMomentum, keepRatio, hardClassDecay);
    }

    /** Restores saved thresholds (e.g. from a checkpoint). */
    public ClassAdaptiveThreshold(float[] savedAlphas, double thresholdMomentum, double keepRatio, double hardClassDecay) {
        if (savedAlphas == null || savedAlphas.length == 0) {
            throw new IllegalArgumentException("class thresholds must name at least one class");
        }
        for (int c = 0; c < savedAlphas.length; c++) {
            checkUnit("threshold of class " + c, savedAlphas[c]);
        }
        checkUnit("thresholdMomentum", thresholdMomentum);
        checkUnit("keepRatio", keepRatio);
        if (!(hardClassDecay >= 0) || Double.isInfinite(hardClassDecay)) {
            throw new IllegalArgumentException("hardClassDecay must be a finite number >= 0, got " + hardClassDecay);
        }
        this.alphas = savedAlphas.clone();
        this.thresholdMomentum = thresholdMomentum;
        this.keepRatio = keepRatio;
        this.hardClassDecay = hardClassDecay;
    }

    public int numClasses() {
        return alphas.length;
    }

    /** A copy of α. */
    public float[] alphas() {
        return alphas.clone();
    }

    /** Overwrites α with saved values. */
    public void setAlphas(float[] saved) {
        if (saved.length != alphas.length) {
            throw new IllegalArgumentException("saved thresholds have " + saved.length + " classes, expected " + alphas.length);
        }
        for (int c = 0; c < saved.length; c++) {
            checkUnit("threshold of class " + c, saved[c]);
        }
        System.arraycopy(saved, 0, alphas, 0, saved.length);
    }

    /** Updates α with this batch (eq. 8–9), then returns I_t under the updated α. */
    @Override
    public NDArray mask(NDArray prob) {
        Argmax p = read(prob);
        updateFrom(p.confidence(), p.classes());
        return p.above(alphas, prob.getManager(), prob);
    }

    /** I_t under the current α, leaving α unchanged. */
    public NDArray maskWithoutUpdate(NDArray prob) {
        return read(prob).above(alphas, prob.getManager(), prob);
    }

    /** One EMA step of eq. (8) with α' from eq. (9) over all pixels of the batch. */
    public void update(NDArray prob) {
        Argmax p = read(prob);
        updateFrom(p.confidence(), p.classes());
    }

    private Argmax read(NDArray prob) {
        Masks.checkProb(prob);
        checkClasses(prob);
        return Argmax.of(prob);
    }

    /** Eq. (8)–(9) on plain arrays: confidences p_m and predicted classes, one entry per pixel. */
    void updateFrom(float[] confidence, int[] predicted) {
        int numClasses = alphas.length;
        int[] counts = new int[numClasses];
        for (int c : predicted) {
            counts[c]++;
        }
        float[][] byClass = new float[numClasses][];
        for (int c = 0; c < numClasses; c++) {
            byClass[c] = new float[counts[c]];
        }
        int[] fill = new int[numClasses];
        for (int i = 0; i < predicted.length; i++) {
            int c = predicted[i];
            byClass[c][fill[c]++] = confidence[i];
        }
        for (int c = 0; c < numClasses; c++) {
            int size = counts[c];
            if (size == 0) {
                continue; // absent class keeps α_c
            }
            double fraction = keepRatio * Math.pow(Math.exp(alphas[c] - 1.0), hardClassDecay);
            int index = (int) Math.min(size - 1, Math.floor(fraction * size));
            double current = select(byClass[c], size - 1 - index); // descend(p_m^c)[index]
            alphas[c] = (float) (thresholdMomentum * alphas[c] + (1 - thresholdMomentum) * current);
        }
    }

    /** The k-th smallest value of {@code a} (0-based), by quickselect: O(n) where a sort is O(n log n). Reorders a. */
    static float select(float[] a, int k) {
        int lo = 0;
        int hi = a.length - 1;
        while (lo < hi) {
            float pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    float t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private void checkClasses(NDArray prob) {
        if (prob.getShape().get(1) != alphas.length) {
            throw new IllegalArgumentException("prediction has " + prob.getShape().get(1) + " classes, thresholds have " + alphas.length);
        }
    }

    private static float[] filled(int numClasses, double value) {
        if (numClasses <= 0) {
            throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
        }
        float[] a = new float[numClasses];
        Arrays.fill(a, (float) value);
        return a;
    }

    private static void checkUnit(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0,1], got " + v);
        }
    }

    /** Checkpoint metadata key of α (stage 2 draws long-tail classes with softmax(1/α)). */
    public static final String STATE_KEY = "alphas";

    /** α as checkpoint metadata: {@code {"alphas": [19 numbers]}}. */
    public java.util.Map<String, Object> state() {
        java.util.List<Double> list = new java.util.ArrayList<>();
        for (float a : alphas) {
            list.add((double) a);
        }
        return java.util.Map.of(STATE_KEY, list);
    }

    /** α saved by {@link #state()}, or null when the metadata holds none; malformed values are refused by name. */
    public static float[] alphasFrom(java.util.Map<String, Object> state) {
        Object saved = state == null ? null : state.get(STATE_KEY);
        if (saved == null) {
            return null;
        }
        if (!(saved instanceof java.util.List<?> list)) {
            throw new IllegalArgumentException("checkpoint state '" + STATE_KEY + "' must be a list of numbers, got " + saved);
        }
        float[] a = new float[list.size()];
        for (int i = 0; i < a.length; i++) {
            if (!(list.get(i) instanceof Number n)) {
                throw new IllegalArgumentException("checkpoint state '" + STATE_KEY + "' holds a non-number: " + list.get(i));
            }
            a[i] = n.floatValue();
        }
        return a;
    }
}
