package org.segadapt.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.segadapt.run.MethodSpec;
import org.segadapt.data.Batch;
import org.segadapt.data.sets.Gta5Dataset;
import org.segadapt.method.CrossDomainMixing;
import org.segadapt.method.Method;
import org.segadapt.run.Recipes;
import org.segadapt.method.SegmenterOptimizer;
import org.segadapt.method.SourceOnly;
import org.segadapt.mix.ClassBank;
import org.segadapt.mix.LongTailPaster;
import org.segadapt.model.Models;
import org.segadapt.model.SegmentationModel;
import org.segadapt.model.layers.ConvBn;
import org.segadapt.train.PolySchedule;

/**
 * One benchmarked training step: a model, its optimiser (SGD momentum 0.9, wd 5e-4, poly schedule) and the
 * recipe of {@code step}, fed fixed in-memory batches so that only the step is timed (the loader is measured
 * apart, {@link LoaderBench}). Steps are timed as the training loop runs them: one sub-manager per step.
 */
public final class StepBench implements AutoCloseable {
    public static final List<String> STEPS = List.of("source", "focal", "cim");
    public static final List<String> MODELS = List.of("small", "bisenet", "deeplabv2");
    public static final int NUM_CLASSES = 19;

    /** What to run: model kind, step kind, input size, images per domain. */
    public record Spec(String model, String step, int height, int width, int batch, long seed) {
        public Spec {
            if (!MODELS.contains(model)) {
                throw new IllegalArgumentException("--model must be one of " + MODELS + ", got '" + model + "'");
            }
            if (!STEPS.contains(step)) {
                throw new IllegalArgumentException("--step must be one of " + STEPS + ", got '" + step + "'");
            }
            if (height < 32 || width < 32 || batch < 1) {
                throw new IllegalArgumentException("--res must be at least 32x32 and --batch positive, got " + height + "x" + width
                        + ", batch " + batch);
            }
        }

        /** Source plus target images consumed per step. */
        public int imagesPerStep() {
            return step.equals("source") ? batch : 2 * batch;
        }

        /** Loader batches consumed per step (one per domain). */
        public int batchesPerStep() {
            return step.equals("source") ? 1 : 2;
        }

        /** Forward passes with gradients (source; weak and strong target views; the mix) and without (the teacher). */
        public int[] passes() {
            return switch (step) {
                case "source" -> new int[] {1, 0};
                case "focal" -> new int[] {3, 0};
                default -> new int[] {4, 1};
            };
        }
    }

    private final Spec spec;
    private final NDManager manager;
    private final SegmentationModel model;
    private final Method method;
    private final Batch source;
    private final Batch target;

    /** @param donors a labelled GTA5-layout folder for CIM's long-tail pasting (unused by other steps) */
    public StepBench(Spec spec, NDManager parent, Path donors) throws IOException {
        this.spec = spec;
        this.manager = parent.newSubManager();
        Engine.getInstance().setRandomSeed((int) spec.seed());
        this.model = Models.create(spec.model(), NUM_CLASSES);
        Models.initialize(model, manager);
        SegmenterOptimizer optimizer = new SegmenterOptimizer(model, manager, PolySchedule.paper(2.5e-4f, 1_000_000), 1f);
        this.source = SyntheticData.batch(spec.batch(), spec.height(), spec.width(), spec.seed(), true);
        this.target = SyntheticData.batch(spec.batch(), spec.height(), spec.width(), spec.seed() + 1, false);
        Supplier<Batch> src = () -> source;
        Supplier<Batch> tgt = () -> target;
        this.method = switch (spec.step()) {
            case "source" -> new SourceOnly(optimizer, src);
            case "focal" -> Recipes.entropy((MethodSpec.Entropy) MethodSpec.builder("focal").build(), spec.seed(), optimizer, src, tgt);
            default -> {
                SegmentationModel teacher = Models.create(spec.model(), NUM_CLASSES);
                Models.initialize(teacher, manager);
                Gta5Dataset ds = Gta5Dataset.open(donors, null);
                LongTailPaster paster = new LongTailPaster(ClassBank.build(ds), ds, 1, spec.seed());
                float[] alphas = new float[NUM_CLASSES];
                Arrays.fill(alphas, 0.8f);
                yield Recipes.mixing((MethodSpec.Mixing) MethodSpec.builder("cim").build(), spec.seed(), optimizer, teacher, src, tgt, paster,
                        alphas);
            }
        };
    }

    public Spec spec() {
        return spec;
    }

    public NDManager manager() {
        return manager;
    }

    /** One training step at iteration {@code it} in its own sub-manager, as the training loop runs it; the logged values. */
    public Map<String, Float> step(int it) {
        try (NDManager step = manager.newSubManager()) {
            return method.step(it, step);
        }
    }

    /** Runs {@code warmup} untimed then {@code steps} timed steps; milliseconds per step. */
    public double[] timeSteps(int warmup, int steps, int firstIteration) {
        double[] ms = new double[steps];
        for (int i = 0; i < warmup + steps; i++) {
            long t0 = System.nanoTime();
            step(firstIteration + i);
            if (i >= warmup) {
                ms[i - warmup] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return ms;
    }

    /**
     * Batch-1 inference latency (forward in inference mode, logits materialised), milliseconds; {@code foldBatchNorm}
     * as a loaded {@code Segmenter} runs (the training steps always run unfolded).
     */
    public double[] inference(int warmup, int reps, boolean foldBatchNorm) {
        ConvBn.fold(model, foldBatchNorm);
        try {
            return inference(warmup, reps);
        } finally {
            ConvBn.fold(model, false);
        }
    }

    private double[] inference(int warmup, int reps) {
        double[] ms = new double[reps];
        Batch one = SyntheticData.batch(1, spec.height(), spec.width(), spec.seed() + 2, false);
        ParameterStore ps = new ParameterStore(manager, false);
        for (int i = 0; i < warmup + reps; i++) {
            long t0 = System.nanoTime();
            try (NDManager m = manager.newSubManager()) {
                NDArray logits = model.run(ps, one.images(m), false).logits();
                logits.getFloat(0, 0, 0, 0);
            }
            if (i >= warmup) {
                ms[i - warmup] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return ms;
    }

    /** FLOPs of one training step: 3 × forward (fwd + bwd) for passes with gradients, 1 × forward for the teacher. */
    public long stepFlops() {
        int[] passes = spec.passes();
        int b = Math.max(2, spec.batch()); // BatchNorm on pooled 1×1 maps needs 2 samples in training
        long train = FlopCounter.modelForwardFlops(spec.model(), NUM_CLASSES, b, spec.height(), spec.width(), true, manager)
                * spec.batch() / b;
        long infer = passes[1] == 0 ? 0
                : FlopCounter.modelForwardFlops(spec.model(), NUM_CLASSES, 1, spec.height(), spec.width(), false, manager) * spec.batch();
        return 3L * passes[0] * train + passes[1] * infer;
    }

    /** Forward FLOPs of one image in inference mode. */
    public long inferenceFlops() {
        return FlopCounter.modelForwardFlops(spec.model(), NUM_CLASSES, 1, spec.height(), spec.width(), false, manager);
    }

    public long parameterCount() {
        return FlopCounter.parameterCount(model);
    }

    @Override
    public void close() {
        manager.close();
    }
}
