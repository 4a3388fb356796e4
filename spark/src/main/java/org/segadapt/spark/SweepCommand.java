package org.segadapt.spark;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.segadapt.cli.ReproduceCommand;
import org.segadapt.eval.IoUReport;
import org.segadapt.io.AtomicFile;
import org.segadapt.run.Preset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Presets × seeds as Spark tasks, one training run per task. Each run is a child JVM ({@link SweepRun}): libtorch's
 * intra-op pool is per process, so only a process of its own gives a run its own thread count (and the arithmetic of
 * that count: a run is bit-identical to the same {@code train}/{@code adapt} by hand). Runs live in
 * {@code OUT/seed-K/PRESET} on storage every executor reads, as {@code reproduce} lays its runs out; a failed task is
 * retried by Spark and its run resumes from its last checkpoint. The table is {@code reproduce}'s, from the finished runs.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Train presets x seeds as Spark tasks (a JVM per run) and tabulate them as reproduce does.",
        footer = "%nExample:%n  ./segadapt sweep --master local[2] --preset bench/source --seeds 2 --val cityscapes:data/streets/target "
                + "--out runs/sweep -- --source gta5:data/streets/source@0:400 --iters 600")
public final class SweepCommand implements Callable<Integer> {
    @Option(names = "--preset", required = true, description = "a preset to train (repeatable; a table row each)")
    List<String> presets;

    @Option(names = "--seeds", defaultValue = "1", description = "seeds 1..N per preset (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--val", required = true, description = "labelled set every run is evaluated on, e.g. cityscapes:DIR")
    String val;

    @Option(names = "--val-split", defaultValue = "val", description = "split of --val (default: ${DEFAULT-VALUE})")
    String valSplit;

    @Option(names = "--out", defaultValue = "runs/sweep", description = "shared folder of the runs (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--threads-per-run", defaultValue = "1", description = "libtorch threads of each run's JVM (default: ${DEFAULT-VALUE})")
    int threadsPerRun;

    @Option(names = "--run-heap", defaultValue = "4g", description = "-Xmx of each run's JVM (default: ${DEFAULT-VALUE})")
    String runHeap;

    @Option(names = "--run-classpath", description = "class path of the run JVMs on the executors (default: this JVM's: core and "
            + "segadapt-spark jars with their lib folders)")
    String runClasspath;

    @Option(names = "--max-failures", defaultValue = "3", description = "attempts per run before the sweep fails (local[N] becomes "
            + "local[N,F]; spark.task.maxFailures elsewhere); default: ${DEFAULT-VALUE}")
    int maxFailures;

    @Option(names = "--report-only", description = "train nothing: tabulate the runs finished so far")
    boolean reportOnly;

    @Parameters(paramLabel = "RUN_OPTIONS", description = "after --: options of every run's train/adapt (datasets, --iters, --set ...)")
    List<String> runOptions = new ArrayList<>();

    @Mixin
    SparkOptions spark;

    /** One run: everything its task needs, plain values. */
    record Task(String preset, int seed, String run, String val, String valSplit, int threads, String heap, String classpath,
            List<String> options) implements Serializable {
        String name() {
            return "seed-" + seed + "/" + dirName(preset);
        }
    }

    static String dirName(String preset) {
        return preset.replaceAll("[^A-Za-z0-9=._-]+", "_");
    }

    @Override
    public Integer call() throws Exception {
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be >= 1, got " + seeds);
        }
        if (threadsPerRun < 1) {
            throw new IllegalArgumentException("--threads-per-run must be >= 1, got " + threadsPerRun);
        }
        for (String p : presets) {
            String method;
            try {
                method = Preset.load(p).method();
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("--preset " + p + ": " + SparkMain.message(e), e);
            }
            if (method == null || method.equals("self-training")) {
                throw new IllegalArgumentException("--preset " + p + ": sweep trains source-only and adaptation presets, not '" + method + "'");
            }
        }
        org.segadapt.run.Runner.open(val, valSplit, "none"); // a missing validation set fails before any training
        List<Task> tasks = new ArrayList<>();
        for (int seed = 1; seed <= seeds; seed++) {
            for (String p : presets) {
                Path run = out.toAbsolutePath().resolve("seed-" + seed).resolve(dirName(p));
                tasks.add(new Task(p, seed, run.toString(), val, valSplit, threadsPerRun, runHeap, runClasspath, List.copyOf(runOptions)));
            }
        }
        if (!reportOnly) {
            List<Task> todo = tasks.stream().filter(t -> !Files.isRegularFile(Path.of(t.run()).resolve(SweepRun.RESULT))).toList();
            System.err.printf("sweep: %d runs, %d finished before, %d to train%n", tasks.size(), tasks.size() - todo.size(), todo.size());
            if (!todo.isEmpty()) {
                if (spark.master == null || spark.master.matches("local\\[[^,\\]]+\\]")) {
                    String m = spark.master == null ? "local[*]" : spark.master;
                    spark.master = m.substring(0, m.length() - 1) + "," + maxFailures + "]"; // local mode retries only so
                }
                spark.conf.add("spark.task.maxFailures=" + maxFailures);
                try (JavaSparkContext sc = spark.start("sweep")) {
                    Progress.describe(sc, "sweep (a partition = a run)");
                    sc.parallelize(todo, todo.size()).foreach(SweepCommand::train);
                }
            }
        }
        String md = table(tasks);
        AtomicFile.writeString(out.resolve("sweep.md"), "# Sweep\n\n" + seeds + " seed(s); evaluated on " + val + " (" + valSplit
                + "). Cells are mean ± standard deviation over seeds (IoU, %).\n\n" + md);
        System.out.println(md);
        System.out.println("report: " + out.resolve("sweep.md"));
        return 0;
    }

    /** The table of the finished runs, rows in --preset order, through reproduce's own aggregation. */
    static String table(List<Task> tasks) throws IOException {
        Map<String, List<Map<String, IoUReport>>> results = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (Task t : tasks) {
            List<Map<String, IoUReport>> done = results.computeIfAbsent(t.preset(), k -> new ArrayList<>());
            Path f = Path.of(t.run()).resolve(SweepRun.RESULT);
            if (Files.isRegularFile(f)) {
                done.add(json.readValue(f.toFile(), new TypeReference<LinkedHashMap<String, IoUReport>>() {}));
            }
        }
        return ReproduceCommand.aggregate(results);
    }

    /** A task: the run's JVM, its output appended to {@code RUN/sweep.log}; a failure fails the task (Spark retries it). */
    static void train(Task t) throws IOException, InterruptedException {
        Path run = Path.of(t.run());
        Files.createDirectories(run.getParent());
        Path log = run.resolveSibling(run.getFileName() + ".sweep.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + t.heap(),
                "-Dai.djl.offline=true", "-Djava.awt.headless=true", "-cp", t.classpath() != null ? t.classpath() : classpath(), SweepRun.class.getName(), t.run(), t.val(),
                t.valSplit(), Integer.toString(t.threads()), t.preset(), Integer.toString(t.seed())));
        cmd.addAll(t.options());
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        int rc;
        try {
            rc = p.waitFor();
        } catch (InterruptedException e) { // the task was killed (job cancelled, speculative copy): stop the run too
            p.destroyForcibly();
            throw e;
        }
        if (rc != 0) {
            String why = Files.readAllLines(log).stream().filter(l -> l.startsWith("error: ")).reduce((a, b) -> b).orElse("exit " + rc);
            throw new IOException("sweep run " + t.name() + " failed (" + why + "); its output: " + log);
        }
        System.err.printf(java.util.Locale.ROOT, "sweep: run %s finished in %.1f s%n", t.name(), (System.nanoTime() - t0) / 1e9);
    }

    /** This (executor) JVM's class path, with the jars its class loaders added (spark-submit's application jar and --jars). */
    static String classpath() {
        Set<String> parts = new LinkedHashSet<>();
        for (ClassLoader l = Thread.currentThread().getContextClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    try {
                        if (url.getProtocol().equals("file")) {
                            parts.add(Path.of(url.toURI()).toString());
                        }
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        // not a local file: the executor's own class path has to do
                    }
                }
            }
        }
        for (String s : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!s.isEmpty()) {
                parts.add(s);
            }
        }
        return String.join(File.pathSeparator, parts);
    }
}
