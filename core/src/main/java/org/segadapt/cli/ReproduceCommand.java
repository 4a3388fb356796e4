package org.segadapt.cli;

import static org.segadapt.run.HyperParameters.*;

import org.segadapt.run.PseudoLabeller;
import org.segadapt.run.Runner;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.segadapt.run.RunSpec;
import org.segadapt.data.SegmentationDataset;
import org.segadapt.data.labels.ClassSet;
import org.segadapt.data.streets.StreetBenchmark;
import org.segadapt.eval.ConfusionMatrix;
import org.segadapt.eval.Evaluator;
import org.segadapt.eval.IoUReport;
import org.segadapt.eval.Report;
import org.segadapt.io.AtomicFile;
import org.segadapt.run.HyperParameters;
import org.segadapt.run.Recipes;
import org.segadapt.model.SegmentationModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The papers' comparisons in miniature on the built-in benchmark, over several seeds. Runs are keyed by their
 * configuration and shared between tables (source-only and stage-1 runs are trained once per seed); an
 * interrupted reproduction resumes where it stopped.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Reproduce a paper table in miniature on the built-in benchmark, with mean and spread over seeds.",
            "  1: entropy baselines vs focal (TUFL Table I)      3: ablation focal/threshold/mixing (Table III)",
            "  4: γ of the focal loss (Table IV)                 5: a, b, d of the dynamic threshold (Table V)",
            "  6: fixed thresholds 0.2-0.8 vs dynamic (Table VI)",
            "  cada2: original, + adv, + SSL once, + SSL twice (CaDA Table 2)",
            "  cada3: style-gap bridging variants (CaDA Table 3)",
            "Every table has a control row: the adaptation run with λ_u = 0 (target batches still pass through BatchNorm), and the",
            "source-only rows on the raw and on the style-translated source (--ist); adaptation starts from the latter."},
        footer = "%nExample:%n  ./segadapt reproduce --table 1 --seeds 3")
public final class ReproduceCommand implements Callable<Integer> {
    /**
     * A table row: label, method, parameter overrides ("@Label" in pseudoLabeller refers to another row's run), the
     * source it trains on: {@link #RAW}, {@link #IST} (the table's image style translation, from whose source-only run every
     * adaptation row starts, as in TUFL Fig. 2 and CaDA Sec. 3.2) or {@link #FDA}, and the label of the control row its
     * effect is measured against (null: the table's first control).
     */
    record Row(String label, String method, Map<String, Object> params, String source, String control) {
        Row(String label, String method, Map<String, Object> params, String source) {
            this(label, method, params, source, null);
        }

        Row(String label, String method, Map<String, Object> params) {
            this(label, method, params, IST, null);
        }

        /** The same row, its Δ taken against the control row labelled {@code control}: the λ = 0 run of its own pipeline. */
        Row against(String control) {
            return new Row(label, method, params, source, control);
        }
    }

    static final String CONTROL = "control (λ_u = 0)";
    static final String FROZEN_CONTROL = CONTROL + ", BN frozen";
    /**
     * The control of the entropy losses without a strong view (Shannon, max-square, confidence: {@code perturbation}
     * does not apply to them): their own pipeline with λ_u = 0. Unlike neutral CE and focal (whose control is focal's
     * with λ_u = 0) they pass no strong view x_t* of the target through BatchNorm, which moves target mIoU by itself
     * (results/README.md, 0.6).
     */
    static final String WEAK_VIEW_CONTROL = CONTROL + ", no strong view";
    static final String SOURCE_ONLY = "source-only";
    static final String BASELINE_IST = DemoCommand.IST;
    static final String RAW = "raw", IST = "ist", FDA = "fda", ORACLE = "oracle";
    /** The papers' upper bound: the same recipe trained on the labelled target train split. */
    static final String ORACLE_ROW = "Oracle (trained on the labelled target)";

    @Option(names = "--table", required = true, description = "1 | 3 | 4 | 5 | 6 | cada2 | cada3")
    String table;

    @Option(names = "--seeds", defaultValue = "3", description = "seeds per row (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--first-seed", defaultValue = "1", description = "run seeds FIRST..SEEDS only, to share a table's seeds between "
            + "processes or machines on one --out; tabulate them all afterwards with --report-only (default: ${DEFAULT-VALUE})")
    int firstSeed;

    @Option(names = "--data", description = "benchmark folder, generated if missing (default: data/streets at the default gap, "
            + "data/streets-gap=G at another)")
    Path data;

    @Option(names = "--out", defaultValue = "runs/reproduce", description = "shared folder of all reproduction runs")
    Path out;

    @Option(names = "--source-iters", defaultValue = "600")
    int sourceIterations;

    @Option(names = "--adapt-iters", defaultValue = "300")
    int adaptIterations;

    @Option(names = "--margin", defaultValue = "0", description = "cada2: Δ of CaDA eq. 3 for the pseudo labels (default: ${DEFAULT-VALUE})")
    double entropyMargin;

    @Option(names = "--report-only", description = "train nothing: tabulate the runs finished so far (rows show how many seeds)")
    boolean reportOnly;

    @Option(names = "--gap", description = "the benchmark's domain gap (generate --gap; default: the one calibrated for the table's "
            + "recipe, " + StreetBenchmark.Spec.DEFAULT_GAP + " with class weights, " + StreetBenchmark.Spec.PLAIN_CE_GAP
            + " without; 1 = the stress setting of the tables before 0.3)")
    Double gap;

    @Option(names = "--model", defaultValue = "small", description = "small | bisenet | deeplabv2, from scratch (default: ${DEFAULT-VALUE})")
    String model;

    // FDA by default: the CPU-budget CycleGAN made the source worse for the target (results/gap-1/table-3.md: 9.8 against 11.1
    // raw), FDA better (17.5), as the papers' CycleGAN does; the demo translates with FDA too
    @Option(names = "--ist", defaultValue = "fda", description = "the image style translation the adaptation rows start from: "
            + "fda | cyclegan (the papers'; here a small CycleGAN trained once, preset cyclegan/bench-small) | none (default: ${DEFAULT-VALUE})")
    String ist;

    // the official TUFL code trains every loss with them: with them 18-19 of the 19 classes are learnable (results/thin-classes.md)
    @Option(names = "--class-weights", description = "TUFL's tables: the official code's class weights w_c (none | small | middle "
            + "| large) in every row's losses, source-only and oracle included (default: middle, the official code's; none for CaDA's "
            + "tables, whose base code has none; none = the paper's equations, at the gap calibrated for plain cross-entropy)")
    String classWeights;

    @Mixin
    Cli.Runtime runtime;

    static List<Row> rows(String table) {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(SOURCE_ONLY, "source-only", Map.of(), RAW));
        rows.add(new Row(BASELINE_IST, "source-only", Map.of(), IST));
        if (table.equals("1") || table.equals("3")) {
            rows.add(new Row("FDA (source-only on the FDA source)", "source-only", Map.of(), FDA)); // TUFL Tables I/II compare FDA [27]
        }
        rows.add(new Row(ORACLE_ROW, "source-only", Map.of(), ORACLE));
        if (table.startsWith("cada")) {
            // control: the same adversarial run with every adaptation weight 0 (target still through BatchNorm)
            rows.add(new Row(CONTROL.replace("λ_u", "λ_adv_seg = λ_style"), "cada",
                    Map.of(OUTPUT_ADVERSARIAL_WEIGHT.key(), 0.0, STYLE_ADVERSARIAL_WEIGHT.key(), 0.0)));
        } else {
            rows.add(new Row(CONTROL, "focal", Map.of(UNSUPERVISED_WEIGHT.key(), 0.0, THRESHOLD.key(), "none")));
        }
        switch (table) {
            case "cada2" -> {
                rows.add(new Row("original", "cada", Map.of(STYLE_MODE.key(), "none")));
                rows.add(new Row("original + adv", "cada", Map.of()));
                rows.add(new Row("+ SSL once", Runner.SELF_TRAINING, Map.of("from", "@original + adv")));
                rows.add(new Row("+ SSL twice", Runner.SELF_TRAINING, Map.of("from", "@+ SSL once")));
                // eq. 6 trains on target batches only, so BatchNorm's statistics become the target's: without that, what the pseudo-labels add
                rows.add(new Row("+ SSL once, BN frozen", Runner.SELF_TRAINING, Map.of("from", "@original + adv", BATCH_NORM.key(), "frozen")));
                // BDL's rounds (CaDA's base): the same pseudo-labels, L_ssl added to L_seg and the adversarial terms
                rows.add(new Row("+ SSL once (BDL: with L_seg, L_adv)", "cada", Map.of(PSEUDO_LABEL_LOSS.key(), true, "from", "@original + adv")));
                rows.add(new Row("+ SSL twice (BDL: with L_seg, L_adv)", "cada", Map.of(PSEUDO_LABEL_LOSS.key(), true,
                        "from", "@+ SSL once (BDL: with L_seg, L_adv)")));
                // BatchNorm statistics frozen while adapting: what the adversarial terms do without BN's own adaptation
                rows.add(new Row("control, BN frozen", "cada", Map.of(OUTPUT_ADVERSARIAL_WEIGHT.key(), 0.0, STYLE_ADVERSARIAL_WEIGHT.key(), 0.0,
                        BATCH_NORM.key(), "frozen")));
                rows.add(new Row("original + adv, BN frozen", "cada", Map.of(BATCH_NORM.key(), "frozen")).against("control, BN frozen"));
            }
            case "cada3" -> {
                rows.add(new Row("none (original)", "cada", Map.of(STYLE_MODE.key(), "none")));
                rows.add(new Row("MSE, Gram matrix", "cada", Map.of(STYLE_MODE.key(), "gram")));
                rows.add(new Row("MSE, mean & std", "cada", Map.of(STYLE_MODE.key(), "meanstd")));
                rows.add(new Row("adversarial, mean (CaDA)", "cada", Map.of()));
            }
            case "1" -> {
                rows.add(weakViewControl());
                for (String m : List.of("shannon", "maxsquare", "confidence", "neutral")) {
                    rows.add(new Row(m, m, Map.of()));
                }
                rows.add(new Row("focal, fixed 0.8", "focal", Map.of(THRESHOLD.key(), "fixed:0.8")));
                rows.add(new Row("focal, adaptive", "focal", Map.of()));
                // BatchNorm frozen while adapting, as the official scripts (--freeze_bn): the control then measures nothing
                rows.add(new Row(FROZEN_CONTROL, "focal", Map.of(UNSUPERVISED_WEIGHT.key(), 0.0, THRESHOLD.key(), "none",
                        BATCH_NORM.key(), "frozen")));
                rows.add(new Row("focal, adaptive, BN frozen", "focal", Map.of(BATCH_NORM.key(), "frozen")).against(FROZEN_CONTROL));
            }
            case "3" -> {
                rows.add(new Row("+ focal", "focal", Map.of(THRESHOLD.key(), "fixed:0.8")));
                rows.add(new Row("+ threshold", "focal", Map.of()));
                rows.add(new Row("+ mixing", "cim", Map.of("pseudoLabeller", "@+ threshold")));
            }
            case "4" -> {
                for (double g : new double[] {1, 2, 3}) {
                    rows.add(new Row("γ = " + (int) g, "focal", Map.of(THRESHOLD.key(), "fixed:0.8", FOCAL_GAMMA.key(), g)));
                }
            }
            case "5" -> {
                rows.add(new Row("a = 1 (fixed 0.8)", "focal", Map.of(THRESHOLD.key(), "fixed:0.8")));
                double[][] abd = {{0.9, 0.8, 4}, {0.9, 0.8, 8}, {0.9, 0.8, 10}, {0.9, 0.9, 8}, {0.9, 0.5, 8}};
                for (double[] v : abd) {
                    rows.add(new Row(String.format(Locale.ROOT, "a %.1f, b %.1f, d %.0f", v[0], v[1], v[2]), "focal",
                            Map.of(THRESHOLD_MOMENTUM.key(), v[0], KEEP_RATIO.key(), v[1], HARD_CLASS_DECAY.key(), v[2])));
                }
            }
            case "6" -> {
                rows.add(weakViewControl());
                for (String m : List.of("shannon", "maxsquare", "confidence", "neutral", "focal")) {
                    for (String t : List.of("0.2", "0.4", "0.6", "0.8")) {
                        rows.add(new Row(m + ", fixed " + t, m, Map.of(THRESHOLD.key(), "fixed:" + t)));
                    }
                }
                rows.add(new Row("focal, dynamic", "focal", Map.of()));
            }
            default -> throw new IllegalArgumentException("--table must be 1, 3, 4, 5, 6, cada2 or cada3, got '" + table + "'");
        }
        return rows.stream().map(r -> r.control() == null && Recipes.ENTROPY_METHODS.contains(r.method()) && !PERTURBATION.appliesTo(r.method())
                && !r.label().equals(WEAK_VIEW_CONTROL) ? r.against(WEAK_VIEW_CONTROL) : r).toList();
    }

    private static Row weakViewControl() {
        return new Row(WEAK_VIEW_CONTROL, "shannon", Map.of(UNSUPERVISED_WEIGHT.key(), 0.0, THRESHOLD.key(), "none"));
    }

    @Override
    public Integer call() throws Exception {
        List<Row> rows = rows(table);
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be >= 1");
        }
        if (firstSeed < 1 || firstSeed > seeds) {
            throw new IllegalArgumentException("--first-seed must be in 1.." + seeds + ", got " + firstSeed);
        }
        org.segadapt.model.Models.create(model, ClassSet.NUM_CLASSES); // an unknown --model fails here, before any training
        if (!List.of("cyclegan", "fda", "none").contains(ist)) {
            throw new IllegalArgumentException("--ist must be cyclegan, fda or none, got '" + ist + "'");
        }
        if (classWeights != null && !classWeights.equals(org.segadapt.loss.ClassWeights.NONE) && table.startsWith("cada")) {
            throw new IllegalArgumentException("--class-weights is an option of TUFL's tables: CaDA's base code (BDL, AdaptSegNet) has none");
        }
        classWeights = classWeights == null ? tableClassWeights() : classWeights;
        org.segadapt.loss.ClassWeights.named(classWeights); // an unknown name fails here, naming the option
        var spec = benchmark();
        data = data == null ? Path.of(spec.gap() == StreetBenchmark.Spec.DEFAULT_GAP ? "data/streets" : "data/streets-gap=" + spec.gap()) : data;
        StreetBenchmark.generate(data, spec);
        String raw = "gta5:" + data.resolve("source"), train = "@0:" + (spec.source() - DemoCommand.SOURCE_VAL);
        String target = "cityscapes:" + data.resolve("target");
        SegmentationDataset tgtVal = Runner.open(target, "val", "none");
        var device = runtime.start();
        long t0 = System.nanoTime();
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put(RAW, raw + train);
        sources.put(ORACLE, target);
        sources.put(FDA, "gta5:" + translate("fda", raw, target, train, device) + train);
        sources.put(IST, ist.equals("none") ? raw + train : "gta5:" + translate(ist, raw, target, train, device) + train);
        // results[row][seed] = reports under the 19/16/13-class protocols
        Map<String, List<Map<String, IoUReport>>> results = new LinkedHashMap<>();
        for (int seed = firstSeed; seed <= seeds; seed++) {
            Map<String, Path> runs = new LinkedHashMap<>();
            for (Row row : rows) {
                if (row.source().equals(IST) && ist.equals("none") && row.label().equals(BASELINE_IST)) {
                    continue; // without translation the IST baseline is the source-only row
                }
                RunSpec cfg = config(row, seed, sources.get(row.source()), target, runs);
                Path run = out.resolve("seed-" + seed).resolve(key(cfg) + gapSuffix());
                runs.put(row.label(), run);
                List<Map<String, IoUReport>> done = results.computeIfAbsent(row.label(), k -> new ArrayList<>());
                if (!reportOnly) {
                    done.add(evaluate(cfg, run, device, tgtVal));
                } else if (Files.isRegularFile(run.resolve("eval-target.json"))) {
                    done.add(evaluateOnce(cfg, run, device, tgtVal));
                }
            }
        }
        String paper = table.startsWith("cada") ? "CaDA Table " + table.substring(4) : "TUFL Table " + table;
        Report report = new Report(paper + " in miniature (built-in benchmark)").text(String.format(Locale.ROOT,
                "%d seed(s); benchmark gap %s; model `%s`; class weights %s; source-only %d iterations, adaptation %d iterations; evaluated on %d target val images. "
                        + "Cells are mean ± standard deviation over seeds (IoU, %%). A method's effect is its difference to its control row, the first unless said below the table (Δ: the per-seed differences, mean ± std). "
                        + "Image style translation: %s; every adaptation row starts from the source-only run on the translated source "
                        + "(Baseline (IST)) and trains on it. Wall time %.1f min.", seeds, spec.gap(), model, classWeights, sourceIterations, adaptIterations, tgtVal.size(),
                ist.equals("none") ? "none (`--ist none`)" : ist + " (`" + out.resolve("translations").resolve(ist + gapSuffix()) + "`)",
                (System.nanoTime() - t0) / 6e10));
        Map<String, String> controls = new LinkedHashMap<>();
        rows.stream().filter(r -> r.control() != null).forEach(r -> controls.put(r.label(), r.control()));
        String md = aggregate(results, controls);
        report.section("Per-class IoU on the target").text(md + againstOwnControls(controls));
        Path reportFile = out.resolve("table-" + table + variant() + ".md");
        report.write(reportFile);
        System.out.println(md);
        System.out.println("report: " + reportFile);
        return 0;
    }

    RunSpec config(Row row, int seed, String source, String target, Map<String, Path> runs) {
        var spec = StreetBenchmark.Spec.defaults();
        if (row.method().equals("source-only")) {
            return new RunSpec("source-only", model, source, null, null, "val", null, sourceIterations, 8, spec.height(), spec.width(),
                    0.02f, 0.75f, 1.5f, seed, sourceIterations, weighted() ? Map.of(CLASS_WEIGHTS.key(), classWeights) : Map.of());
        }
        Map<String, Object> p = Recipes.defaults(row.method());
        p.putAll(row.params());
        p.put("targetSplit", "train");
        if (CLASS_WEIGHTS.appliesTo(row.method())) {
            p.put(CLASS_WEIGHTS.key(), classWeights);
        }
        if (row.method().equals(Runner.SELF_TRAINING)) {
            Path from = runs.get(row.params().get("from").toString().substring(1));
            p.remove("from");
            p.put("entropyMargin", entropyMargin);
            p.put(HyperParameters.DECODER_LR_MULTIPLIER.key(), HyperParameters.DECODER_LR_MULTIPLIER.value());
            // pseudo labels of the previous model live beside this run (made before it trains)
            return new RunSpec(Runner.SELF_TRAINING, model, null, pseudoFolder(from), null,
                    "val", from.toString(), adaptIterations, 4, spec.height(), spec.width(), 0.001f, 0.75f, 1.5f, seed, adaptIterations, p);
        }
        if (row.method().equals("cada")) {
            String init = baseline(runs).toString(), cadaTarget = target;
            if (row.params().get("from") instanceof String ref) {
                // a BDL self-training round: from the previous round's network, on its pseudo labels (made before it trains)
                Path from = runs.get(ref.substring(1));
                p.remove("from");
                init = from.toString();
                cadaTarget = pseudoFolder(from);
            }
            // the miniature keeps lr_D's staircase in real iterations (constant below 50k) but, explicitly, lets the
            // segmenter's poly schedule fall over its own length rather than CaDA's 250k
            if (!row.params().containsKey(POLY_HORIZON.key())) {
                p.put(POLY_HORIZON.key(), adaptIterations);
            }
            // CaDA Sec. 3.2: encoder lr, decoder ×10 (decoderLrMultiplier in the options)
            return new RunSpec("cada", model, source, cadaTarget, null, "val", init, adaptIterations, 4,
                    spec.height(), spec.width(), 0.001f, 0.75f, 1.5f, seed, adaptIterations, p);
        }
        if (p.get("pseudoLabeller") instanceof String ref && ref.startsWith("@")) {
            p.put("pseudoLabeller", runs.get(ref.substring(1)).toString());
        }
        String init = baseline(runs).toString();
        return new RunSpec(row.method(), model, source, target, null, "val", init, adaptIterations, 4, spec.height(), spec.width(),
                0.005f, 0.75f, 1.5f, seed, adaptIterations, p);
    }

    /** The pseudo-labels of a run's network, written beside it (shared by CaDA's and BDL's rounds from it). */
    private static String pseudoFolder(Path from) {
        return "cityscapes:" + from.resolveSibling(from.getFileName() + "-pseudo");
    }

    private boolean weighted() {
        return !classWeights.equals(org.segadapt.loss.ClassWeights.NONE);
    }

    /** The class weights of the table's paper's code: TUFL's methods' default, none for CaDA's base code. */
    private String tableClassWeights() {
        return table.startsWith("cada") ? org.segadapt.loss.ClassWeights.NONE : String.valueOf(CLASS_WEIGHTS.defaultFor("focal"));
    }

    /** What the report's file name says beyond the table: a model, class weights and a gap other than the defaults. */
    String variant() {
        return (model.equals("small") ? "" : "-" + model) + (classWeights.equals(tableClassWeights()) ? "" : "-classWeights=" + classWeights)
                + (benchmark().gap() == StreetBenchmark.Spec.calibratedGap(weighted()) ? "" : "-gap=" + benchmark().gap());
    }

    /** The benchmark the tables run on: the demo's, at {@code --gap} or the one calibrated for the table's recipe. */
    private StreetBenchmark.Spec benchmark() {
        return StreetBenchmark.Spec.defaults().withGap(gap == null ? StreetBenchmark.Spec.calibratedGap(weighted()) : gap);
    }

    /** Run folders of another gap than the full one say so (those of the stress setting keep their 0.2 names). */
    private String gapSuffix() {
        double g = benchmark().gap();
        return g == StreetBenchmark.Spec.STRESS_GAP ? "" : "-gap=" + g;
    }

    /** The source-only run adaptation starts from: the IST baseline, or the raw one under {@code --ist none}. */
    private static Path baseline(Map<String, Path> runs) {
        return runs.getOrDefault(BASELINE_IST, runs.get(SOURCE_ONLY));
    }

    /**
     * The whole source translated once for every seed and table, as the papers translate offline: FDA (β = 0.04, the
     * demo's) or a CycleGAN trained on the training split (preset cyclegan/bench-small, seed 1). Returns the folder.
     */
    private Path translate(String method, String raw, String target, String train, ai.djl.Device device) throws Exception {
        Path dir = out.resolve("translations").resolve(method + gapSuffix());
        if (reportOnly || Files.isRegularFile(dir.resolve(org.segadapt.translate.Translation.MANIFEST))
                && org.segadapt.translate.Translation.read(dir.resolve(org.segadapt.translate.Translation.MANIFEST)).complete()) {
            return dir;
        }
        try (NDManager manager = NDManager.newBaseManager(device)) {
            org.segadapt.translate.Translation.Translator t;
            long t0 = System.nanoTime();
            if (method.equals("fda")) {
                t = new org.segadapt.translate.FdaTranslator(Runner.open(target, "train", "none"), DemoCommand.FDA_BETA, 1, manager);
            } else {
                Path translator = out.resolve("translator" + gapSuffix());
                RunSpec spec = org.segadapt.run.Preset.load("cyclegan/bench-small").builder().source(raw + train).target(target)
                        .param("targetSplit", "train").seed(1).build();
                System.err.printf("== %s (CycleGAN, %d iterations)%n", translator, spec.iterations());
                org.segadapt.translate.CycleGanRun.train(spec, translator, manager, new Runner.Options(2, false));
                t = org.segadapt.translate.CycleGanTranslator.load(translator, null, manager);
                System.err.printf(Locale.ROOT, "== translator trained in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            }
            System.err.printf("== %s (%s translation of %s)%n", dir, method, raw);
            var r = org.segadapt.translate.Translation.run(org.segadapt.data.Datasets.open(raw, "train", null), raw,
                    Path.of(raw.substring(raw.indexOf(':') + 1)), t, dir, false);
            System.err.printf(Locale.ROOT, "== %d images translated (%s) in %.1f s%n", r.translated(), method, r.seconds());
        }
        return dir;
    }

    /** A run's folder name: its method, the translation it trains on and the parameters that differ from the method's defaults. */
    static String key(RunSpec cfg) {
        Map<String, Object> defaults = Recipes.defaults(cfg.method());
        StringBuilder sb = new StringBuilder(cfg.method()).append("-it").append(cfg.iterations());
        if (!cfg.model().equals("small")) {
            sb.append("-").append(cfg.model());
        }
        if (cfg.source() != null && cfg.source().startsWith("cityscapes:")) {
            sb.append("-oracle");
        }
        if (cfg.source() != null && cfg.source().contains("translations/")) {
            String s = cfg.source();
            sb.append("-ist=").append(s.substring(s.indexOf("translations/") + "translations/".length()).replaceFirst("[/@].*", "")
                    .replaceFirst("-gap=.*", "")); // the run's folder names its gap once, at its end
        }
        new TreeMap<>(cfg.params()).forEach((k, v) -> {
            if (!List.of("targetSplit", "pseudoLabeller", "entropyMargin", HyperParameters.DECODER_LR_MULTIPLIER.key(), POLY_HORIZON.key())
                    .contains(k)
                    && !String.valueOf(v).equals(String.valueOf(defaults.get(k)))) {
                sb.append('-').append(k).append('=').append(v);
            }
        });
        if (selfTraining(cfg)) {
            sb.append("-from-").append(Path.of(cfg.init()).getFileName());
        }
        if (cfg.params().get("pseudoLabeller") != null) {
            sb.append("-from-").append(Path.of(cfg.params().get("pseudoLabeller").toString()).getFileName());
        }
        return sb.toString().replaceAll("[^A-Za-z0-9=._-]+", "_");
    }

    /** Trains (or resumes) the run and evaluates it once; the result is cached as {@code eval-target.json}. */
    private Map<String, IoUReport> evaluate(RunSpec cfg, Path run, ai.djl.Device device, SegmentationDataset tgtVal) throws Exception {
        while (true) {
            try {
                return evaluateOnce(cfg, run, device, tgtVal);
            } catch (org.segadapt.io.RunLock.InUse busy) {
                // another reproduction trains the same run (tables share runs): wait for its result
                Thread.sleep(10_000);
            }
        }
    }

    private Map<String, IoUReport> evaluateOnce(RunSpec cfg, Path run, ai.djl.Device device, SegmentationDataset tgtVal) throws Exception {
        Path cached = run.resolve("eval-target.json");
        ObjectMapper json = new ObjectMapper();
        if (Files.isRegularFile(cached)) {
            return json.readValue(cached.toFile(), new TypeReference<LinkedHashMap<String, IoUReport>>() {});
        }
        System.err.printf("== %s%n", run);
        Map<String, IoUReport> r = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            if (selfTraining(cfg)) {
                pseudoLabel(cfg, manager);
            }
            SegmentationModel model = Runner.train(cfg, run, manager, new Runner.Options(2, false));
            ConfusionMatrix cm = new Evaluator(model, manager).confusion(tgtVal, 0);
            for (ClassSet cs : ClassSet.values()) {
                r.put(Integer.toString(cs.size()), IoUReport.of(cm, cs, tgtVal.size()));
            }
        }
        AtomicFile.write(cached, o -> json.writerWithDefaultPrettyPrinter().writeValue(o, r));
        return r;
    }

    /** A self-training round, CaDA's (eq. 6 alone) or BDL's (cada with L_ssl): it trains on pseudo-labels of its init. */
    private static boolean selfTraining(RunSpec cfg) {
        return cfg.method().equals(Runner.SELF_TRAINING) || Boolean.TRUE.equals(cfg.params().get(PSEUDO_LABEL_LOSS.key()));
    }

    /** CaDA eq. 1–3 pseudo labels of the run this round starts from, written once next to it. */
    private void pseudoLabel(RunSpec cfg, NDManager manager) throws Exception {
        Path dir = Path.of(cfg.target().substring(cfg.target().indexOf(':') + 1));
        if (Files.isRegularFile(dir.resolve(PseudoLabeller.SUMMARY))) {
            return;
        }
        var images = (org.segadapt.data.sets.PngPairDataset) Runner.open("cityscapes:" + data.resolve("target"), "train", "none");
        SegmentationModel teacher = org.segadapt.train.Checkpoint.load(Path.of(cfg.init()), manager).model();
        PseudoLabeller.write(teacher, manager, images, entropyMargin, true, dir);
    }

    /**
     * Markdown: one row per method, per-class IoU then mIoU over 19, 16 and 13 classes, mean ± std over seeds (also
     * {@code sweep}'s table, in the Spark module).
     */
    public static String aggregate(Map<String, List<Map<String, IoUReport>>> results) {
        return aggregate(results, Map.of());
    }

    /** {@link #aggregate(Map)}, the rows named in {@code controls} measured against the control row it gives them. */
    static String aggregate(Map<String, List<Map<String, IoUReport>>> results, Map<String, String> controls) {
        // the control row (λ = 0, the first row named "control"): each row's effect is its per-seed difference to it
        List<Map<String, IoUReport>> control = results.entrySet().stream().filter(e -> e.getKey().startsWith("control"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        StringBuilder sb = new StringBuilder("| method |");
        for (String c : ClassSet.NAMES) {
            sb.append(' ').append(c).append(" |");
        }
        sb.append(" **mIoU** | mIoU16 | mIoU13 |").append(control == null ? "" : " Δ mIoU vs control |").append("\n|---|");
        sb.append("---:|".repeat(ClassSet.NUM_CLASSES + 3 + (control == null ? 0 : 1))).append('\n');
        int seeds = results.values().stream().mapToInt(List::size).max().orElse(0);
        results.forEach((label, perSeed) -> {
            if (perSeed.isEmpty()) {
                return;
            }
            sb.append("| ").append(label).append(perSeed.size() < seeds ? " (" + perSeed.size() + " seed" + (perSeed.size() > 1 ? "s" : "") + ")" : "")
                    .append(" |");
            for (String c : ClassSet.NAMES) {
                sb.append(' ').append(cell(perSeed.stream().map(r -> r.get("19").perClass().get(c)).toList())).append(" |");
            }
            for (String p : List.of("19", "16", "13")) {
                sb.append(' ').append(cell(perSeed.stream().map(r -> r.get(p).mIoU()).toList())).append(" |");
            }
            if (control != null) {
                // a row whose own control has no runs yet shows no Δ rather than one against another control
                List<Map<String, IoUReport>> own = controls.containsKey(label) ? results.getOrDefault(controls.get(label), List.of()) : control;
                List<Double> d = new ArrayList<>();
                for (int i = 0; i < Math.min(perSeed.size(), own.size()) && perSeed != own; i++) {
                    d.add(perSeed.get(i).get("19").mIoU() - own.get(i).get("19").mIoU());
                }
                sb.append(' ').append(cell(d)).append(" |");
            }
            sb.append('\n');
        });
        return sb.toString();
    }

    /** The rows whose Δ is not against the first control, by the control they are measured against. */
    private static String againstOwnControls(Map<String, String> controls) {
        Map<String, List<String>> byControl = new LinkedHashMap<>();
        controls.forEach((row, c) -> byControl.computeIfAbsent(c, k -> new ArrayList<>()).add(row));
        StringBuilder sb = new StringBuilder();
        byControl.forEach((c, rs) -> sb.append("\nΔ against \"").append(c).append("\" (the λ = 0 run of their own pipeline): ")
                .append(String.join("; ", rs)).append('.'));
        return sb.length() == 0 ? "" : sb.append('\n').toString();
    }

    static String cell(List<Double> values) {
        double[] v = values.stream().filter(x -> x != null && !x.isNaN()).mapToDouble(Double::doubleValue).toArray();
        if (v.length == 0) {
            return "–";
        }
        double mean = java.util.Arrays.stream(v).average().orElse(0);
        if (v.length == 1) {
            return String.format(Locale.ROOT, "%.1f", mean);
        }
        double var = java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1);
        return String.format(Locale.ROOT, "%.1f ± %.1f", mean, Math.sqrt(var));
    }
}
