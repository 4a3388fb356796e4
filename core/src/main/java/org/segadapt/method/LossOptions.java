package org.segadapt.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.segadapt.loss.ClassWeights;
import org.segadapt.loss.CrossEntropy;
import org.segadapt.loss.ReferenceReduction;
import org.segadapt.loss.UnsupervisedLoss;
import org.segadapt.model.SegmentationModel;
import org.segadapt.nd.HostArrays;
import org.segadapt.nd.Scalars;

/**
 * Options of the official TUFL code that the paper does not mention, off by default (ywher/TUFL e84db35):
 * class weights in every loss ({@code --weight_mode}, {@link ClassWeights}), OHEM on the unsupervised loss
 * ({@code --loss_ohem_ratio}, {@link ReferenceReduction}), and {@code --sup_mode deep}: L_s and L_u averaged over
 * BiSeNet's three heads, L_m on the main head only ({@code unsup/train_step.py}). Without them L_s sums the heads
 * (BiSeNet's own training), L_u reads the main head and L_m every head.
 *
 * @param classWeights  none | small | middle | large
 * @param ohemRatio     share r of the largest pixel losses of I_t kept by OHEM, 0 = off
 * @param headAveraging {@code sup_mode deep}
 */
public record LossOptions(String classWeights, double ohemRatio, boolean headAveraging) {
    public static final LossOptions PAPER = new LossOptions(ClassWeights.NONE, 0, false);

    public LossOptions {
        ClassWeights.named(classWeights);
        if (!(ohemRatio >= 0 && ohemRatio <= 1)) {
            throw new IllegalArgumentException("OHEM ratio must be in [0, 1], got " + ohemRatio);
        }
    }

    /** L_u's reduction over I_t: the loss itself, or weighted and/or OHEM-selected as the reference. */
    public UnsupervisedLoss reduce(UnsupervisedLoss loss) {
        float[] w = ClassWeights.named(classWeights);
        return w == null && ohemRatio == 0 ? loss : new ReferenceReduction(loss, w, ohemRatio);
    }

    /** L_s: cross-entropy of the main and auxiliary heads, summed (or averaged), class-weighted if asked. */
    public NDArray supervised(SegmentationModel.Output out, NDArray labels) {
        List<NDArray> heads = new ArrayList<>(List.of(out.logits()));
        heads.addAll(out.auxLogits());
        NDArray loss = null;
        for (NDArray h : heads) {
            NDArray l = crossEntropy(h, labels, null);
            loss = loss == null ? l : loss.add(l);
        }
        return headAveraging ? Scalars.div(loss, heads.size()) : loss;
    }

    /** L_m with the per-pixel weights W_m: every head (or the main head only under {@code headAveraging}). */
    public NDArray mixed(SegmentationModel.Output out, NDArray labels, NDArray pixelWeights) {
        if (!headAveraging) {
            NDArray loss = crossEntropy(out.logits(), labels, pixelWeights);
            for (NDArray aux : out.auxLogits()) {
                loss = loss.add(crossEntropy(aux, labels, pixelWeights));
            }
            return loss;
        }
        return crossEntropy(out.logits(), labels, pixelWeights);
    }

    /** The heads whose L_u is averaged: the main one, or all of them. */
    List<NDArray> unsupervisedHeads(SegmentationModel.Output out) {
        if (!headAveraging || out.auxLogits().isEmpty()) {
            return List.of(out.logits());
        }
        List<NDArray> heads = new ArrayList<>(List.of(out.logits()));
        heads.addAll(out.auxLogits());
        return heads;
    }

    private NDArray crossEntropy(NDArray logits, NDArray labels, NDArray pixelWeights) {
        float[] w = ClassWeights.named(classWeights);
        if (w == null) {
            return CrossEntropy.compute(logits, labels, pixelWeights);
        }
        return CrossEntropy.classWeighted(logits, labels, HostArrays.floats(logits, w, new Shape(w.length)), pixelWeights);
    }
}
