package org.segadapt.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import org.segadapt.nd.Scalars;

/**
 * Supervised pixel-wise cross-entropy from logits with ignore label 255 and optional pixel weights
 * (L_s of TUFL eq. (1), L_seg/L_ssl of CaDA eq. (4)/(7), and TUFL's boundary-weighted L_m):
 * <pre>
 *   L = Σ_n w_n · (−log softmax(z_n)[y_n]) / Σ_n w_n,   n over pixels with y_n ≠ 255
 * </pre>
 * Without weights w_n = 1, i.e. the mean over valid pixels (divided by max(1, count)).
 */
public final class CrossEntropy {
    public static final int IGNORE_LABEL = 255;

    private CrossEntropy() {}

    /** Mean over valid pixels. logits (N,C,H,W), labels int (N,H,W). */
    public static NDArray compute(NDArray logits, NDArray labels) {
        return compute(logits, labels, null);
    }

    /** @param pixelWeights (N,H,W) float, or null for uniform weights */
    public static NDArray compute(NDArray logits, NDArray labels, NDArray pixelWeights) {
        NDArray ce = perPixel(logits, labels);
        NDArray valid = labels.neq(IGNORE_LABEL).toType(ce.getDataType(), false);
        if (pixelWeights == null) {
            return ce.mul(valid).sum().div(Scalars.maximum(valid.sum(), 1));
        }
        Pixels.checkSameShape(ce, pixelWeights, "pixelWeights");
        NDArray w = pixelWeights.stopGradient().toType(ce.getDataType(), false).mul(valid);
        return ce.mul(w).sum().div(Scalars.maximum(w.sum(), 1e-12f));
    }

    /**
     * The official TUFL code's weighted form ({@code nn.CrossEntropyLoss(weight)}, reduction none, then the mean):
     * Σ_n w_{y_n} · W_n · CE_n over the valid pixels, divided by their count (not by Σ w as PyTorch's mean would).
     *
     * @param classWeights (C) w_c
     * @param pixelWeights (N,H,W) W_n, or null for 1
     */
    public static NDArray classWeighted(NDArray logits, NDArray labels, NDArray classWeights, NDArray pixelWeights) {
        NDArray ce = perPixel(logits, labels);
        NDArray valid = labels.neq(IGNORE_LABEL);
        NDArray safe = NDArrays.where(valid, labels, labels.zerosLike()).toType(DataType.INT64, false);
        NDArray w = classWeights.stopGradient().get(safe).mul(valid.toType(ce.getDataType(), false)); // w_{y_n}, 0 where ignored
        if (pixelWeights != null) {
            Pixels.checkSameShape(ce, pixelWeights, "pixelWeights");
            w = w.mul(pixelWeights.stopGradient().toType(ce.getDataType(), false));
        }
        return ce.mul(w).sum().div(Scalars.maximum(valid.toType(ce.getDataType(), false).sum(), 1));
    }

    /** −log softmax(z)[y] per pixel (N,H,W); 0 where y = 255. */
    public static NDArray perPixel(NDArray logits, NDArray labels) {
        Pixels.checkProb(logits, "logits");
        var s = logits.getShape();
        if (labels.getShape().dimension() != 3 || labels.getShape().get(0) != s.get(0)
                || labels.getShape().get(1) != s.get(2) || labels.getShape().get(2) != s.get(3)) {
            throw new IllegalArgumentException("labels shape " + labels.getShape() + " does not match logits " + s);
        }
        NDArray valid = labels.neq(IGNORE_LABEL);
        // gather has no ignore index: point ignored pixels at class 0, then zero them out
        NDArray safe = NDArrays.where(valid, labels, labels.zerosLike()).toType(DataType.INT64, false);
        NDArray logProb = logits.logSoftmax(1).gather(safe.expandDims(1), 1).squeeze(1);
        return logProb.neg().mul(valid.toType(logProb.getDataType(), false));
    }
}
