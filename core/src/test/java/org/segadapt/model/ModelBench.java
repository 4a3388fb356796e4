package org.segadapt.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Times forward+backward+SGD steps of a model kind (median of {@code steps} after one warm-up). */
final class ModelBench {
    private ModelBench() {}

    static double time(String kind, int n, int h, int w, int steps) {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(0);
            SegmentationModel model = Models.create(kind, 19);
            Models.initialize(model, m);
            double[] t = new double[steps];
            for (int i = -1; i < steps; i++) {
                try (NDManager step = m.newSubManager()) {
                    NDArray x = step.randomUniform(0f, 1f, new Shape(n, 3, h, w));
                    NDArray y = step.randomInteger(0, 19, new Shape(n, h, w), DataType.INT32);
                    long t0 = System.nanoTime();
                    ModelTesting.sgdStep(model, step, x, y, 0.001f);
                    if (i >= 0) {
                        t[i] = (System.nanoTime() - t0) / 1e9;
                    }
                }
            }
            java.util.Arrays.sort(t);
            double med = t[steps / 2];
            System.out.printf("BENCH %s batch %d x %dx%d: %.3f s/step (median of %d), threads %d%n",
                    kind, n, h, w, med, steps, Runtime.getRuntime().availableProcessors());
            return med;
        }
    }
}
