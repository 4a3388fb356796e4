package org.segadapt.cli;

import org.segadapt.data.DatasetSpec;
import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.segadapt.bench.Ceiling;
import org.segadapt.bench.LoaderBench;
import org.segadapt.bench.Phases;
import org.segadapt.bench.Rss;
import org.segadapt.bench.Soak;
import org.segadapt.bench.Stats;
import org.segadapt.bench.StepBench;
import org.segadapt.bench.Stress;
import org.segadapt.bench.SyntheticData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Training-step speed, inference latency, loader throughput, memory and compute efficiency of one configuration. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark a training step (median/min/max), batch-1 inference, the data loader, peak RSS and GFLOP/s "
                + "against this engine's measured convolution ceiling. bench/compare.sh runs the PyTorch twin beside it.",
        footer = "%nExamples:%n  ./segadapt bench --model bisenet --step focal --res 256x512 --batch 2 --threads 2 --json out.json"
                + "%n  ./segadapt bench --soak 2000"
                + "%n  MALLOC_PERTURB_=165 SEGADAPT_JAVA_OPTS=-Xmx512m ./segadapt bench --model small --stress 30")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "bisenet", description = "small | bisenet | deeplabv2 (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--step", defaultValue = "focal", description = "source | focal | cim (default: ${DEFAULT-VALUE})")
    String step;

    @Option(names = "--res", defaultValue = "256x512", description = "input HxW (default: ${DEFAULT-VALUE})")
    String res;

    @Option(names = "--batch", defaultValue = "2", description = "images per domain (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--steps", defaultValue = "20", description = "timed steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--warmup", defaultValue = "3", description = "untimed steps first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--inference-reps", defaultValue = "20", description = "timed batch-1 forwards (default: ${DEFAULT-VALUE})")
    int inferenceReps;

    @Option(names = "--ceiling-reps", defaultValue = "3", description = "timed ceiling convolutions, 0 skips (default: ${DEFAULT-VALUE})")
    int ceilingReps;

    @Option(names = "--loader-batches", defaultValue = "20", description = "timed loader batches, 0 skips (default: ${DEFAULT-VALUE})")
    int loaderBatches;

    @Option(names = "--workers", defaultValue = "2", description = "loader threads (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--profile", description = "also time the step phase by phase (forward, loss, backward, update, views, mask …)")
    boolean profile;

    @Option(names = "--soak", defaultValue = "0", description = "instead: N alternating source+focal steps of the small model, RSS every 100")
    int soak;

    @Option(names = "--soak-res", defaultValue = "128x256", description = "input HxW of the soak (default: ${DEFAULT-VALUE})")
    String soakRes;


    @Option(names = "--stress", defaultValue = "0", description = "instead: N steps of each kind (source, focal, cim) run twice, "
            + "the second under a continuous garbage collection; any step whose losses differ or are not finite fails the command "
            + "(use-after-free harness; run under MALLOC_PERTURB_=165 and a small -Xmx)")
    int stress;

    @Option(names = "--stress-res", defaultValue = "64x128", description = "input HxW of --stress (default: ${DEFAULT-VALUE})")
    String stressRes;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--json", description = "write the results as JSON to FILE")
    Path json;

    @Mixin
    Cli.Runtime runtime;

    /** Runs the command on its own (before it is registered in {@link Main}, and for bench/compare.sh). */
    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("java.awt.headless", "true");
        picocli.CommandLine cli = new picocli.CommandLine(new BenchCommand());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("error: " + Cli.message(ex));
            if (System.getenv("SEGADAPT_DEBUG") != null) {
                ex.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (steps < 1 || warmup < 0 || inferenceReps < 1 || ceilingReps < 0 || loaderBatches < 0 || workers < 1 || soak < 0
                || stress < 0) {
            throw new IllegalArgumentException("--steps, --inference-reps, --workers must be positive; --warmup, --ceiling-reps, "
                    + "--loader-batches, --soak, --stress must be >= 0");
        }
        Device device = runtime.start();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("engine", "djl");
        out.put("device", device.toString());
        out.put("threads", runtime.threads);
        Path tmp = Files.createTempDirectory("segadapt-bench");
        boolean failed = false;
        try (NDManager manager = NDManager.newBaseManager(device)) {
            if (stress > 0) {
                int[] hw = DatasetSpec.hw(stressRes, "--stress-res");
                Path donors = SyntheticData.writeGta5(tmp.resolve("gta5"), 8, hw[0] * 5 / 4, hw[1] * 5 / 4, seed);
                var results = Stress.run(manager, model, stress, hw[0], hw[1], batch, seed, donors, System.out);
                out.put("stress", results);
                failed = results.stream().anyMatch(r -> r.failures() > 0);
            } else if (soak > 0) {
                soak(manager, tmp, out);
            } else {
                bench(manager, tmp, out);
            }
        } finally {
            org.segadapt.io.Trees.delete(tmp);
        }
        if (json != null) {
            Path parent = json.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), out);
            System.out.println("json: " + json);
        }
        if (failed) {
            System.err.println("error: --stress: some steps differ under garbage collection or are not finite (see above)");
            return 1;
        }
        return 0;
    }

    private void bench(NDManager manager, Path tmp, Map<String, Object> out) throws IOException {
        double stepMedian;
        int[] hw = DatasetSpec.hw(res, "--res");
        StepBench.Spec spec = new StepBench.Spec(model, step, hw[0], hw[1], batch, seed);
        Path data = SyntheticData.writeGta5(tmp.resolve("gta5"), 8, hw[0] * 5 / 4, hw[1] * 5 / 4, seed);
        out.put("model", model);
        out.put("step", step);
        out.put("res", hw[0] + "x" + hw[1]);
        out.put("batch", batch);
        System.out.printf("bench: %s, %s step, %dx%d, batch %d+%d, threads %s, %s%n", model, step, hw[0], hw[1], batch,
                step.equals("source") ? 0 : batch, runtime.threads == 0 ? "all" : runtime.threads, out.get("device"));
        try (StepBench b = new StepBench(spec, manager, data)) {
            long params = b.parameterCount();
            out.put("parameters", params);
            System.out.printf("parameters        %,d%n", params);
            double[] stepMs = b.timeSteps(warmup, steps, 0);
            Stats st = Stats.of(stepMs);
            stepMedian = st.median();
            out.put("stepMs", stats(st));
            out.put("stepTimesMs", stepMs);
            double imagesPerSecond = spec.imagesPerStep() * 1000.0 / st.median();
            out.put("imagesPerSecond", imagesPerSecond);
            System.out.printf("training step     %s   %.2f images/s%n", st, imagesPerSecond);
            // interleaved, so that both see the same machine: folded (as Segmenter.load runs) and as trained
            double[] folded = new double[inferenceReps], unfolded = new double[inferenceReps];
            for (int i = 0; i < inferenceReps; i++) {
                folded[i] = b.inference(i == 0 ? Math.min(3, warmup + 1) : 0, 1, true)[0];
                unfolded[i] = b.inference(i == 0 ? Math.min(3, warmup + 1) : 0, 1, false)[0];
            }
            Stats inf = Stats.of(folded), plain = Stats.of(unfolded);
            out.put("inferenceMs", stats(inf));
            out.put("inferenceUnfoldedMs", stats(plain));
            System.out.printf("inference batch 1 %s (BatchNorm folded)%n", inf);
            System.out.printf("  unfolded        %s%n", plain);
            if (profile) {
                Map<String, Double> phases = Phases.profile(b, 1, Math.max(3, steps / 2));
                out.put("phasesMs", phases);
                System.out.println("phases (median ms):");
                phases.forEach((k, v) -> System.out.printf("  %-38s %8.1f%n", k, v));
            }
            long flops = b.stepFlops();
            double achieved = flops / (st.median() / 1000) / 1e9;
            out.put("stepGflop", flops / 1e9);
            out.put("inferenceGflop", b.inferenceFlops() / 1e9);
            out.put("achievedGflops", achieved);
            System.out.printf("compute           %.1f GFLOP per step (conv, fwd+bwd = 3x fwd) -> %.1f GFLOP/s%n", flops / 1e9, achieved);
        }
        if (ceilingReps > 0) {
            double ceiling = Ceiling.gflops(manager, ceilingReps);
            double achieved = (double) out.get("achievedGflops");
            out.put("ceilingGflops", ceiling);
            out.put("ceilingFraction", achieved / ceiling);
            System.out.printf("ceiling           %.1f GFLOP/s (conv3x3 256ch 64x128 batch 4, fwd+bwd, best of %d): step reaches %.0f%%%n",
                    ceiling, ceilingReps, 100 * achieved / ceiling);
        }
        if (loaderBatches > 0) {
            double loader = LoaderBench.batchesPerSecond(data, batch, hw[0], hw[1], workers, 2, loaderBatches);
            double consumed = spec.batchesPerStep() * 1000.0 / stepMedian;
            out.put("loaderBatchesPerSecond", loader);
            out.put("stepBatchesPerSecond", consumed);
            out.put("loaderRatio", loader / consumed);
            System.out.printf("loader            %.1f batches/s (%d workers); the step consumes %.2f batches/s: %.1fx%n", loader, workers,
                    consumed, loader / consumed);
        }
        long peak = Rss.peakKb();
        out.put("peakRssMiB", peak / 1024.0);
        System.out.printf("peak RSS          %.0f MiB%n", peak / 1024.0);
    }

    private void soak(NDManager manager, Path tmp, Map<String, Object> out) throws IOException {
        int[] hw = DatasetSpec.hw(soakRes, "--soak-res");
        System.out.printf("soak: small model, source + focal steps, %dx%d, batch %d, %d steps%n", hw[0], hw[1], batch, soak);
        Map<Integer, Long> curve = Soak.run(manager, soak, 100, hw[0], hw[1], batch, null, System.out);
        Map<String, Double> mib = new LinkedHashMap<>();
        curve.forEach((k, v) -> mib.put(String.valueOf(k), v / 1024.0));
        out.put("soakRssMiB", mib);
        double growth = Soak.growthAfter(curve, 100);
        out.put("growthAfter100", growth);
        System.out.printf("RSS growth after step 100: %.1f%%%n", 100 * growth);
        if (curve.containsKey(100) && soak > 100) {
            double slope = (curve.get(soak) - curve.get(100)) / 1024.0 / (soak - 100);
            // one parameter-sized array per optimiser per step is what an unreleased temporary in the update costs
            double parameterMiB = 2 * 4.0 * Soak.smallModelParameters(manager) / (1 << 20);
            out.put("slopeMiBPerStep", slope);
            out.put("parameterMiBPerStepBothOptimizers", parameterMiB);
            System.out.printf("slope %.3f MiB/step after step 100 (one float32 copy of both networks' parameters: %.3f MiB)%n", slope,
                    parameterMiB);
        }
    }

    private static Map<String, Double> stats(Stats s) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("median", s.median());
        m.put("min", s.min());
        m.put("max", s.max());
        return m;
    }
}
