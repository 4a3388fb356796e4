package org.segadapt.loss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.util.function.Function;

/** Central finite differences against autograd, in float64. */
public final class GradientCheck {
    private GradientCheck() {}

    public static double[] autograd(Function<NDArray, NDArray> f, NDArray x) {
        NDArray leaf = x.duplicate();
        leaf.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(f.apply(leaf));
        }
        return leaf.getGradient().toDoubleArray();
    }

    public static double[] finiteDifference(Function<NDArray, NDArray> f, NDArray x, double h) {
        double[] values = x.toDoubleArray();
        double[] grad = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            double keep = values[i];
            values[i] = keep + h;
            double plus = f.apply(x.getManager().create(values, x.getShape())).getDouble();
            values[i] = keep - h;
            double minus = f.apply(x.getManager().create(values, x.getShape())).getDouble();
            values[i] = keep;
            grad[i] = (plus - minus) / (2 * h);
        }
        return grad;
    }

    public static void assertMatches(Function<NDArray, NDArray> f, NDArray x) {
        double[] analytic = autograd(f, x);
        double[] numeric = finiteDifference(f, x, 1e-6);
        double scale = 0;
        for (double v : numeric) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertThat(scale).as("gradient must not vanish everywhere").isGreaterThan(1e-6);
        for (int i = 0; i < analytic.length; i++) {
            assertThat(analytic[i]).as("d/dx[%d]", i).isCloseTo(numeric[i], org.assertj.core.data.Offset.offset(1e-7 + 1e-6 * scale));
        }
    }
}
