package org.segadapt.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.segadapt.nd.Scalars;

/**
 * A convolution (no bias) followed by BatchNorm, two child blocks of their parent (their names and parameters are
 * the checkpoint's). For inference the pair can run as one convolution with the BatchNorm folded in,
 * W' = W·γ/√(σ²+ε), b' = β − μ·γ/√(σ²+ε): the same function in running-statistics mode, one pass over the activation
 * fewer. Training always runs the pair (batch statistics, and the folded copy would not follow the updates).
 */
public final class ConvBn {
    /** A block holding such pairs; {@link #fold} finds them anywhere in a network. */
    public interface Holder {
        List<ConvBn> convBns();
    }

    private final Convolution conv;
    private final BatchNorm bn;
    private boolean frozenStatistics;
    private NDArray foldedWeight;
    private NDArray foldedBias;

    public ConvBn(Block conv, Block bn) {
        this.conv = (Convolution) conv;
        this.bn = (BatchNorm) bn;
    }

    /**
     * {@code bn(conv(x))}, releasing the convolution's output; BatchNorm uses batch statistics when {@code bnTraining}.
     * Folded and not training: one convolution. With frozen statistics BatchNorm always normalises with its running
     * statistics and never updates them; γ and β still train.
     */
    public NDArray forward(ParameterStore ps, NDArray x, boolean training, boolean bnTraining) {
        bnTraining &= !frozenStatistics;
        if (foldedWeight != null && !training) {
            return Conv2d.conv2d(x, foldedWeight, foldedBias, conv.getStride(), conv.getPadding(), conv.getDilation(), conv.getGroups())
                    .singletonOrThrow();
        }
        return Layers.callAndRelease(bn, ps, Layers.call(conv, ps, x, training), bnTraining);
    }

    /**
     * Folds (or, with {@code on} false, unfolds) every pair in the network under {@code root}, from the parameters'
     * current values: fold again after changing them. Returns how many pairs it touched.
     */
    public static int fold(Block root, boolean on) {
        return each(root, p -> p.fold(on));
    }

    /**
     * Freezes (or releases) the BatchNorm statistics of every pair under {@code root}: the official TUFL scripts adapt
     * with the network in {@code eval()} mode, i.e. running statistics fixed while every weight trains. Returns how
     * many pairs it touched.
     */
    public static int freezeStatistics(Block root, boolean frozen) {
        return each(root, p -> p.frozenStatistics = frozen);
    }

    /** Applies {@code action} to every pair in the network under {@code root}; returns how many there are. */
    private static int each(Block root, java.util.function.Consumer<ConvBn> action) {
        int n = 0;
        if (root instanceof Holder h) {
            for (ConvBn p : h.convBns()) {
                action.accept(p);
                n++;
            }
        }
        for (Block child : root.getChildren().values()) {
            n += each(child, action);
        }
        return n;
    }

    private void fold(boolean on) {
        if (foldedWeight != null) {
            foldedWeight.close();
            foldedBias.close();
            foldedWeight = null;
            foldedBias = null;
        }
        if (!on) {
            return;
        }
        NDArray w = conv.getParameters().get("weight").getArray();
        NDArray gamma = bn.getParameters().get("gamma").getArray();
        NDArray beta = bn.getParameters().get("beta").getArray();
        NDArray mean = bn.getParameters().get("runningMean").getArray();
        NDArray var = bn.getParameters().get("runningVar").getArray();
        NDArray varEps = Scalars.add(var, Layers.BN_EPSILON);
        NDArray sd = varEps.sqrt();
        NDArray scale = gamma.div(sd);
        NDArray perFilter = scale.reshape(scale.getShape().get(0), 1, 1, 1);
        NDArray shift = mean.mul(scale);
        foldedWeight = w.mul(perFilter);
        foldedBias = beta.sub(shift);
        for (NDArray spent : new NDArray[] {varEps, sd, scale, perFilter, shift}) {
            spent.close();
        }
    }
}
