package org.segadapt.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import org.segadapt.nd.Scalars;

/**
 * The engine's measured compute ceiling on this machine: a large 3×3 convolution (256→256 channels, 64×128,
 * batch 4) forward + backward (input and weight gradients), best of {@code reps}. FLOPs = 3 × forward.
 */
public final class Ceiling {
    public static final int BATCH = 4, CHANNELS = 256, HEIGHT = 64, WIDTH = 128;

    private Ceiling() {}

    /** Forward FLOPs of the ceiling convolution: 2·N·C_out·H·W·C_in·9. */
    public static long forwardFlops() {
        return 2L * BATCH * CHANNELS * HEIGHT * WIDTH * CHANNELS * 9;
    }

    /** Best GFLOP/s over {@code reps} timed repetitions after one warm-up. */
    public static double gflops(NDManager manager, int reps) {
        double best = Double.MAX_VALUE;
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.randomNormal(new Shape(BATCH, CHANNELS, HEIGHT, WIDTH));
            NDArray w = Scalars.mul(m.randomNormal(new Shape(CHANNELS, CHANNELS, 3, 3)), 0.02f);
            x.setRequiresGradient(true);
            w.setRequiresGradient(true);
            for (int r = 0; r <= reps; r++) {
                try (NDManager step = m.newSubManager()) {
                    long t0 = System.nanoTime();
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray y = Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow();
                        NDArray loss = y.sum();
                        step.attachAll(y, loss);
                        gc.backward(loss);
                    }
                    x.getGradient().getFloat(0, 0, 0, 0);
                    double s = (System.nanoTime() - t0) / 1e9;
                    if (r > 0) {
                        best = Math.min(best, s);
                    }
                }
            }
        }
        return 3.0 * forwardFlops() / best / 1e9;
    }
}
