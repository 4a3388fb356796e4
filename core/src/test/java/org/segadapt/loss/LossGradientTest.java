package org.segadapt.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Finite-difference checks (float64) of every loss, w.r.t. logits z with p = softmax(z). */
class LossGradientTest {
    private static final Shape SHAPE = new Shape(2, 3, 2, 3);
    private NDManager manager;
    private NDArray logitsWeak;
    private NDArray logitsStrong;
    private NDArray mask;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        Random r = new Random(7);
        logitsWeak = randn(r, SHAPE, 1.5);
        logitsStrong = randn(r, SHAPE, 1.5);
        double[] m = new double[12];
        for (int i = 0; i < m.length; i++) {
            m[i] = r.nextDouble() < 0.7 ? 1 : 0;
        }
        mask = manager.create(m, new Shape(2, 2, 3));
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private NDArray randn(Random r, Shape s, double std) {
        double[] v = new double[(int) s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian() * std;
        }
        return manager.create(v, s);
    }

    @Test
    void inputsAreFloat64() {
        assertThat(logitsWeak.getDataType()).isEqualTo(DataType.FLOAT64);
    }

    @Test
    void shannonEntropy() {
        GradientCheck.assertMatches(z -> new ShannonEntropy().compute(z.softmax(1), null, mask), logitsWeak);
    }

    @Test
    void maxSquare() {
        GradientCheck.assertMatches(z -> new MaxSquare().compute(z.softmax(1), null, mask), logitsWeak);
    }

    @Test
    void neutralCrossEntropyWithConstantPseudoLabel() {
        NeutralCrossEntropy nce = new NeutralCrossEntropy();
        NDArray pseudo = logitsStrong.mul(0.5).softmax(1);
        NDArray strong = logitsStrong.softmax(1);
        NDArray weak = logitsWeak.softmax(1);
        GradientCheck.assertMatches(z -> nce.compute(z.softmax(1), pseudo, strong, mask), logitsWeak);
        GradientCheck.assertMatches(z -> nce.compute(weak, pseudo, z.softmax(1), mask), logitsStrong);
    }

    @Test
    void focalLossWithConstantPseudoLabel() {
        for (double gamma : new double[] {1, 2, 2.5}) {
            UnsupervisedFocalLoss focal = new UnsupervisedFocalLoss(gamma);
            NDArray pseudo = logitsStrong.mul(0.5).softmax(1);
            NDArray strong = logitsStrong.softmax(1);
            NDArray weak = logitsWeak.softmax(1);
            GradientCheck.assertMatches(z -> focal.compute(z.softmax(1), pseudo, strong, mask), logitsWeak);
            GradientCheck.assertMatches(z -> focal.compute(weak, pseudo, z.softmax(1), mask), logitsStrong);
        }
    }

    @Test
    void twoViewLossesDetachTheWeakViewInTheConsistencyTerm() {
        // through p̂ only L_shan(p̂) may pass a gradient (TUFL Sec. III-B)
        NDArray strong = logitsStrong.softmax(1);
        double[] shannonOnly = GradientCheck.autograd(z -> new ShannonEntropy().compute(z.softmax(1), null, mask), logitsWeak);
        for (UnsupervisedLoss loss : new UnsupervisedLoss[] {new UnsupervisedFocalLoss(), new NeutralCrossEntropy()}) {
            double[] g = GradientCheck.autograd(z -> loss.compute(z.softmax(1), strong, mask), logitsWeak);
            for (int i = 0; i < g.length; i++) {
                assertThat(g[i]).isCloseTo(shannonOnly[i], offset(1e-12));
            }
        }
    }

    @Test
    void confidenceEntropyThroughItsUndetachedTarget() {
        GradientCheck.assertMatches(z -> new ConfidenceEntropy().compute(z.softmax(1), null, mask), logitsWeak);
    }

    @Test
    void imageWiseMaxSquare() {
        GradientCheck.assertMatches(z -> new MaxSquare(true).compute(z.softmax(1), null, mask), logitsWeak);
    }

    @Test
    void crossEntropyWithIgnoreAndPixelWeights() {
        int[] labels = new int[12];
        double[] w = new double[12];
        Random r = new Random(3);
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 5 == 0 ? 255 : r.nextInt(3);
            w[i] = 0.5 + r.nextDouble();
        }
        NDArray y = manager.create(labels, new Shape(2, 2, 3));
        NDArray weights = manager.create(w, new Shape(2, 2, 3));
        GradientCheck.assertMatches(z -> CrossEntropy.compute(z, y), logitsWeak);
        GradientCheck.assertMatches(z -> CrossEntropy.compute(z, y, weights), logitsWeak);
    }

    @Test
    void adversarialLosses() {
        NDArray other = logitsStrong.mul(3);
        GradientCheck.assertMatches(x -> Adversarial.discriminatorLoss(x, other), logitsWeak.mul(3));
        GradientCheck.assertMatches(x -> Adversarial.discriminatorLoss(other, x), logitsWeak.mul(3));
        GradientCheck.assertMatches(Adversarial::generatorLoss, logitsWeak.mul(3));
    }
}
