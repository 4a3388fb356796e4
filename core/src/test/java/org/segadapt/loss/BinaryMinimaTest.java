package org.segadapt.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * TUFL Fig. 1 / Sec. III-B: binary case, soft pseudo-label p̂ = (0.6, 0.4), learnable p in both terms.
 * Gradient descent on the logit z (p = σ(z)) through the project's loss classes must stop at the
 * minima the paper states: NCE 0.82, focal 0.67 (γ = 1), near 0.60 (γ = 2).
 */
class BinaryMinimaTest {

    interface TwoViewLoss {
        NDArray compute(NDArray weak, NDArray pseudo, NDArray strong, NDArray mask);
    }

    /**
     * Minimises L((σ(z), 1−σ(z))) over z by gradient descent with Barzilai–Borwein step sizes
     * (plain steps converge slowly in the flat focal minimum); returns σ(z).
     */
    static double descend(TwoViewLoss loss, double startP, boolean requireConvergence) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray pseudo = m.create(new double[] {0.6, 0.4}, new Shape(1, 2, 1, 1));
            NDArray mask = m.ones(new Shape(1, 1, 1)).toType(ai.djl.ndarray.types.DataType.FLOAT64, false);
            double z = Math.log(startP / (1 - startP));
            double step = 1.0;
            double previousZ = Double.NaN;
            double previousGrad = Double.NaN;
            double grad = Double.NaN;
            for (int iteration = 0; iteration < 300; iteration++) {
                grad = gradient(loss, m, pseudo, mask, z);
                if (Math.abs(grad) < 1e-10) {
                    break;
                }
                if (iteration > 0) {
                    double dz = z - previousZ;
                    double dg = grad - previousGrad;
                    double bb = dz * dz / (dz * dg);
                    step = bb > 0 && bb < 1e3 ? bb : 1.0;
                }
                previousZ = z;
                previousGrad = grad;
                z -= step * grad;
                z = Math.max(-30, Math.min(30, z));
            }
            if (requireConvergence) {
                assertThat(Math.abs(grad)).as("converged").isLessThan(1e-8);
            }
            return 1 / (1 + Math.exp(-z));
        }
    }

    private static double gradient(TwoViewLoss loss, NDManager m, NDArray pseudo, NDArray mask, double z) {
        try (NDManager s = m.newSubManager()) {
            NDArray zArr = s.create(new double[] {z}, new Shape(1, 1, 1, 1));
            zArr.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray p = zArr.neg().exp().add(1).pow(-1);
                NDArray prob = p.concat(p.neg().add(1), 1);
                gc.backward(loss.compute(prob, pseudo, prob, mask));
            }
            return zArr.getGradient().getDouble();
        }
    }

    @Test
    void neutralCrossEntropyMinimumIsAt082() {
        NeutralCrossEntropy nce = new NeutralCrossEntropy();
        double p = descend(nce::compute, 0.7, true);
        assertThat(p).isCloseTo(0.82, offset(0.01));
        assertThat(p).isCloseTo(0.8239, offset(0.001)); // root of log((1−p)/p) = 0.6/p − 0.4/(1−p)
    }

    @Test
    void focalLossMinimumIsAt067ForGammaOne() {
        UnsupervisedFocalLoss focal = new UnsupervisedFocalLoss(1);
        assertThat(descend(focal::compute, 0.9, true)).isCloseTo(0.67, offset(0.01));
    }

    @Test
    void focalLossMinimumIsNear060ForGammaTwo() {
        UnsupervisedFocalLoss focal = new UnsupervisedFocalLoss(2);
        assertThat(descend(focal::compute, 0.9, true)).isCloseTo(0.60, offset(0.01));
    }

    @Test
    void shannonEntropyHasNoInteriorMinimum() {
        ShannonEntropy shannon = new ShannonEntropy();
        double p = descend((w, q, s, mask) -> shannon.compute(w, null, mask), 0.7, false);
        assertThat(p).isGreaterThan(0.999);
    }
}
