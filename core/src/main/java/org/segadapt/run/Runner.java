package org.segadapt.run;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.segadapt.data.DatasetSpec;
import org.segadapt.data.Loader;
import org.segadapt.data.Sample;
import org.segadapt.data.SegmentationDataset;
import org.segadapt.data.Subset;
import org.segadapt.data.TrainTransform;
import org.segadapt.data.labels.ClassSet;
import org.segadapt.data.labels.Palette;
import org.segadapt.data.sets.PngPairDataset;
import org.segadapt.eval.Charts;
import org.segadapt.eval.Evaluator;
import org.segadapt.eval.IoUReport;
import org.segadapt.eval.Report;
import org.segadapt.eval.Visualize;
import org.segadapt.infer.Segmentation;
import org.segadapt.infer.Segmenter;
import org.segadapt.io.RunLock;
import org.segadapt.loss.mask.ClassAdaptiveThreshold;
import org.segadapt.method.CrossDomainMixing;
import org.segadapt.method.Method;
import org.segadapt.method.SegmenterOptimizer;
import org.segadapt.method.SelfTraining;
import org.segadapt.method.SourceOnly;
import org.segadapt.method.StyleAdversarial;
import org.segadapt.mix.ClassBank;
import org.segadapt.mix.LongTailPaster;
import org.segadapt.model.Models;
import org.segadapt.model.SegmentationModel;
import org.segadapt.model.layers.ConvBn;
import org.segadapt.model.weights.Weights;
import org.segadapt.train.Checkpoint;
import org.segadapt.train.PolySchedule;
import org.segadapt.train.TrainLoop;

/**
 * Trains a {@link RunSpec} into a run folder, as a library call: the folder's configuration, its lock (one writer),
 * datasets and loaders, the method the spec names, backbone weights, resume from the latest checkpoint with the
 * method's state, optimiser and auxiliary networks, and the report. The command line is a thin layer over this.
 *
 * <pre>{@code
 * try (NDManager m = NDManager.newBaseManager()) {
 *     SegmentationModel model = Runner.train(spec, Path.of("runs/source"), m, Runner.Options.quiet());
 * }
 * }</pre>
 */
public final class Runner {
    /** Loader threads and whether to draw a progress bar. */
    public record Options(int workers, boolean progress) {
        public static Options quiet() {
            return new Options(2, false);
        }
    }

    /** Method name of CaDA's self-training rounds (eq. 6), whose {@code target} holds the pseudo labels. */
    public static final String SELF_TRAINING = "cada-ssl";

    /** TUFL Fig. 4, written by a stage-2 run into {@code RUN/figures/}. */
    public static final String FIG4 = "cross-domain-mixing.png";

    private Runner() {}

    /**
     * Trains the run {@code spec} describes into {@code run}: a new run checks its datasets and saves its
     * configuration, a run that already holds checkpoints resumes from the latest (a finished run is not trained
     * again). Returns the trained model, attached to {@code manager}.
     */
    public static SegmentationModel train(RunSpec spec, Path run, NDManager manager, Options options) throws IOException {
        if (!Files.exists(run.resolve(RunSpec.FILE))) {
            create(run, spec);
        }
        try (RunLock lock = RunLock.acquire(run)) {
            return trainLocked(spec, run, manager, options.workers(), options.progress());
        }
    }

    /** Opens a spec's dataset: {@code KIND:DIR[@FROM:TO]} with the run's {@code --resize}. */
    public static SegmentationDataset open(String dataset, String split, String resize) throws IOException {
        return DatasetSpec.parse(dataset).open(split, resize);
    }

    /** The run's {@code --resize} (kept in its parameters; runs from before it default to none). */
    public static String resize(RunSpec cfg) {
        return String.valueOf(cfg.params().getOrDefault("resize", "none"));
    }

    /** Starts a new run folder, refusing to overwrite one that holds a run; every dataset opens first. */
    public static void create(Path out, RunSpec cfg) throws IOException {
        if (out == null) {
            throw new IllegalArgumentException("--out is required (or --resume RUN)");
        }
        if (Files.exists(out.resolve(RunSpec.FILE))) {
            throw new IOException(out + ": already holds a run; use --resume " + out + " or another --out");
        }
        // every dataset must open (every file's header is read) before the run folder is created
        if (cfg.source() != null) {
            requireCropFits(open(cfg.source(), "train", resize(cfg)), cfg);
        }
        if (cfg.target() != null) {
            requireCropFits(open(cfg.target(), String.valueOf(cfg.params().getOrDefault("targetSplit", "train")), resize(cfg)), cfg);
        }
        if (cfg.val() != null) {
            open(cfg.val(), cfg.valSplit(), resize(cfg));
        }
        if (cfg.init() != null) {
            Checkpoint.resolve(Path.of(cfg.init()));
        }
        cfg.save(out);
    }

    /** A crop larger than the images would train mostly on padding (image 0, label 255): refused, naming both sizes. */
    private static void requireCropFits(SegmentationDataset data, RunSpec cfg) {
        int h = Integer.MAX_VALUE, w = Integer.MAX_VALUE;
        for (int i = 0; i < data.size(); i++) {
            int[] s = data.sampleSize(i);
            if (s != null) {
                h = Math.min(h, s[0]);
                w = Math.min(w, s[1]);
            }
        }
        if (cfg.cropHeight() > h || cfg.cropWidth() > w) {
            throw new IllegalArgumentException("--crop " + cfg.cropHeight() + "x" + cfg.cropWidth() + " is larger than the smallest image of "
                    + data.description() + " (" + h + "x" + w + "); use --crop " + Math.min(h, cfg.cropHeight()) + "x"
                    + Math.min(w, cfg.cropWidth()) + " or smaller, or --resize");
        }
    }

    /** The training batches from iteration {@code start} on (one batch per iteration and domain). */
    private static Loader trainLoader(SegmentationDataset data, RunSpec cfg, int workers, long seedOffset, int start) {
        TrainTransform t = new TrainTransform(cfg.cropHeight(), cfg.cropWidth(), cfg.scaleMin(), cfg.scaleMax(), true);
        return Loader.training(data, cfg.batch(), t, cfg.seed() + seedOffset, workers, 4, start);
    }

    /** A fresh, initialised model (seeded); {@code init} copies a checkpoint's weights into it when given. */
    private static SegmentationModel model(String kind, NDManager manager, long seed, Path init) throws IOException {
        Engine.getInstance().setRandomSeed((int) seed);
        SegmentationModel model = Models.create(kind, ClassSet.NUM_CLASSES);
        Models.initialize(model, manager);
        if (init != null) {
            Checkpoint.loadInto(init, model, manager);
        }
        return model;
    }

    /**
     * Runs a method to its last iteration, resuming from the run's latest checkpoint when {@code resume};
     * returns the final checkpoint.
     */
    private static Path train(Path run, RunSpec cfg, NDManager manager, Method method, boolean resume, boolean progress, Provenance provenance)
            throws IOException {
        int start = 0;
        if (resume) {
            Checkpoint.Meta meta = Checkpoint.loadInto(run, method.model(), manager);
            Checkpoint.Loaded loaded = new Checkpoint.Loaded(method.model(), meta, Checkpoint.resolve(run));
            NDList opt = loaded.optimizerState(manager);
            if (opt != null) {
                method.loadOptimizerState(opt);
            }
            method.loadState(meta.state());
            for (var e : method.auxiliaryNetworks().entrySet()) {
                loaded.loadAuxiliary(e.getKey(), e.getValue(), manager);
            }
            start = meta.iteration();
            System.err.printf("resuming %s at iteration %d of %d%n", run, start, cfg.iterations());
        }
        if (start >= cfg.iterations()) {
            return Checkpoint.resolve(run);
        }
        return TrainLoop.run(method, manager, run, new TrainLoop.Options(cfg.iterations(), cfg.checkpointEvery(), progress, provenance),
                start);
    }

    private static SegmentationModel trainLocked(RunSpec cfg, Path run, NDManager manager, int workers, boolean progress)
            throws IOException {
        boolean resume = Files.exists(run.resolve("latest"));
        boolean selfTraining = cfg.method().equals(SELF_TRAINING);
        // self-training reads its pseudo-labelled target as the labelled set it trains on (CaDA eq. 6)
        SegmentationDataset source = selfTraining ? pseudoLabelled(cfg) : open(cfg.source(), "train", resize(cfg));
        // BDL's self-training (cada with L_ssl) reads the pseudo-labelled target beside the labelled source
        boolean pseudoTarget = Boolean.TRUE.equals(cfg.params().get(HyperParameters.PSEUDO_LABEL_LOSS.key()));
        SegmentationDataset target = cfg.target() == null || selfTraining || cfg.method().equals("source-only") ? null
                : pseudoTarget ? pseudoLabelled(cfg)
                : open(cfg.target(), String.valueOf(cfg.params().getOrDefault("targetSplit", "train")), resize(cfg));
        int start = resume ? Checkpoint.readMeta(run).iteration() : 0;
        try (Loader src = trainLoader(source, cfg, workers, 0, start);
                Loader tgt = target == null ? null : trainLoader(target, cfg, workers, 7919, start)) {
            SegmentationModel model = model(cfg.model(), manager, cfg.seed(), cfg.init() == null ? null : Path.of(cfg.init()));
            if (cfg.params().get("backboneWeights") != null && !resume) {
                var loaded = Weights.initBackbone(model, Path.of(cfg.params().get("backboneWeights").toString()));
                System.err.print("backbone weights: " + loaded.summary());
            }
            MethodSpec recipe = MethodSpec.of(cfg);
            ConvBn.freezeStatistics(model, recipe.frozenBatchNorm()); // a stage-2 teacher is a separate network, in inference anyway
            Method method;
            if (recipe instanceof MethodSpec.SelfTraining st) {
                method = SelfTraining.create(model, manager, cfg.learningRate(), cfg.iterations(), (float) st.decoderLrMultiplier(),
                        src.batches());
            } else if (recipe instanceof MethodSpec.Cada c) {
                method = StyleAdversarial.create(model, manager, cfg.learningRate(), c.polyHorizon(), src.batches(), tgt.batches(),
                        c.options());
            } else if (recipe instanceof MethodSpec.Mixing m) {
                method = mixing(m, cfg.seed(), manager, segmenterOptimizer(model, manager, cfg), source, src, tgt);
            } else if (recipe instanceof MethodSpec.Entropy e) {
                method = Recipes.entropy(e, cfg.seed(), segmenterOptimizer(model, manager, cfg), src.batches(), tgt.batches());
            } else {
                method = new SourceOnly(segmenterOptimizer(model, manager, cfg), src.batches(), recipe instanceof MethodSpec.SourceOnly so ? so.losses()
                        : org.segadapt.method.LossOptions.PAPER);
            }
            List<Provenance.Dataset> read = new ArrayList<>();
            read.add(Provenance.dataset(selfTraining ? "pseudoLabelled" : "source", selfTraining ? cfg.target() : cfg.source(),
                    selfTraining ? PseudoLabeller.OUT_SPLIT : "train", source));
            if (target != null) {
                read.add(Provenance.dataset(pseudoTarget ? "pseudoLabelled" : "target", cfg.target(),
                        pseudoTarget ? PseudoLabeller.OUT_SPLIT : String.valueOf(cfg.params().getOrDefault("targetSplit", "train")), target));
            }
            train(run, cfg, manager, method, resume, progress, Provenance.of(cfg, manager.getDevice(), read));
            if (method instanceof CrossDomainMixing cim) {
                // TUFL Fig. 4 for the report: source, pasted source, target + pseudo label, x_m, I_m, W_m
                Sample s = source.get(0), t = target.get(0);
                int h = Math.min(s.height(), t.height()), w = Math.min(s.width(), t.width());
                cim.figure(TrainTransform.crop(s, 0, 0, h, w), TrainTransform.crop(t, 0, 0, h, w), manager, cfg.seed())
                        .write(run.resolve("figures").resolve(FIG4));
            }
            return model;
        }
    }

    /** SGD on the poly schedule (TUFL Sec. IV-C), one learning rate for the whole network. */
    private static SegmenterOptimizer segmenterOptimizer(SegmentationModel model, NDManager manager, RunSpec cfg) {
        return new SegmenterOptimizer(model, manager, PolySchedule.paper(cfg.learningRate(), cfg.iterations()), 1f);
    }

    private static SegmentationDataset pseudoLabelled(RunSpec cfg) throws IOException {
        SegmentationDataset data = open(cfg.target(), PseudoLabeller.OUT_SPLIT, resize(cfg));
        if (!data.labelled()) {
            throw new IOException(cfg.target() + ": holds no gtFine/" + PseudoLabeller.OUT_SPLIT + " pseudo-labels");
        }
        return data;
    }

    /** Stage 2: the frozen stage-1 network and its thresholds α from {@code pseudoLabeller}, the class bank of the source. */
    private static Method mixing(MethodSpec.Mixing spec, long seed, NDManager manager, SegmenterOptimizer optimizer, SegmentationDataset source,
            Loader src, Loader tgt) throws IOException {
        if (spec.pseudoLabeller() == null) {
            throw new IllegalArgumentException("--method cim needs --pseudo-labeller STAGE1_RUN");
        }
        Checkpoint.Loaded teacher = Checkpoint.load(Path.of(spec.pseudoLabeller()), manager);
        float[] alphas = ClassAdaptiveThreshold.alphasFrom(teacher.meta().state());
        if (alphas == null) {
            throw new IOException(teacher.dir() + ": holds no class thresholds α; the pseudo-labeller must be a stage-1 run "
                    + "(adapt --method focal --threshold adaptive)");
        }
        int pasted = spec.pastedClasses();
        LongTailPaster paster = spec.pasteMode().equals("reference") ? LongTailPaster.reference(ClassBank.open(source), source, seed)
                : pasted <= 0 ? null : new LongTailPaster(ClassBank.open(source), source, pasted, seed);
        return Recipes.mixing(spec, seed, optimizer, teacher.model(), src.batches(), tgt.batches(), paster, alphas);
    }

    /** Writes {@code RUN/report.md}; with a validation set, evaluates on it, prints the table and adds panels. */
    public static void report(String title, RunSpec cfg, Path run, SegmentationModel model, NDManager manager) throws IOException {
        Report report = new Report(title).text("Run `" + run + "`: method `" + cfg.method() + "`, model `" + cfg.model() + "`, "
                + cfg.iterations() + " iterations, batch " + cfg.batch() + ", crop " + cfg.cropHeight() + "x" + cfg.cropWidth()
                + (cfg.init() == null ? "" : ", from `" + cfg.init() + "`") + "; parameters " + cfg.params() + ".");
        if (Files.exists(run.resolve("figures").resolve(FIG4))) {
            report.section("Cross-domain image mixing (TUFL Fig. 4)").image("figures/" + FIG4,
                    "(x_s, y_s) | (x_s', y_s') after long-tail pasting | (x_t, ỹ_t) | x_m | I_m | W_m");
        }
        Path metrics = run.resolve("metrics.csv");
        if (Files.exists(metrics) && Charts.curves(metrics, "L_D", "discriminator losses (CaDA step b)",
                run.resolve("figures").resolve("discriminator-losses.png"))) {
            report.section("Discriminator losses").image("figures/discriminator-losses.png",
                    "L_D of D_c (output level) and D_f^n (style); ln 2 = 0.693 is a discriminator at chance");
        }
        if (cfg.val() != null) {
            SegmentationDataset val = open(cfg.val(), cfg.valSplit(), resize(cfg));
            IoUReport r = evaluate(model, manager, val, ClassSet.CITYSCAPES_19, 0);
            warnUnknownLabels(val);
            System.out.print(Report.textTable(Map.of(cfg.method(), r)));
            Charts.perClassBars(Map.of(cfg.method(), r), "per-class IoU, " + cfg.val(), run.resolve("figures").resolve("per-class-iou.png"));
            report.section("Validation (" + cfg.val() + ", " + cfg.valSplit() + ")").table(Map.of(cfg.method(), r))
                    .image("figures/per-class-iou.png", "per-class IoU");
            for (String f : panels(model, manager, val, 3, run.resolve("figures"), "val")) {
                report.image("figures/" + f, "image | ground truth | prediction | entropy");
            }
        }
        Provenance provenance = Provenance.read(run);
        if (provenance != null) {
            report.section("Provenance").text(String.join("\n", provenance.lines()));
        }
        report.write(run.resolve("report.md"));
    }

    /** Evaluates a model on a labelled dataset under a protocol. */
    public static IoUReport evaluate(SegmentationModel model, NDManager manager, SegmentationDataset data, ClassSet protocol, int limit)
            throws IOException {
        return evaluate(Segmenter.of(model, manager), data, protocol, limit);
    }

    /** {@link #evaluate(SegmentationModel, NDManager, SegmentationDataset, ClassSet, int)} through a configured segmenter. */
    public static IoUReport evaluate(Segmenter segmenter, SegmentationDataset data, ClassSet protocol, int limit) throws IOException {
        var cm = new Evaluator(segmenter).confusion(data, limit);
        return IoUReport.of(cm, protocol, limit > 0 ? Math.min(limit, data.size()) : data.size());
    }

    /** Writes image | ground truth | prediction | entropy panels for the first {@code n} samples; returns file names. */
    public static List<String> panels(SegmentationModel model, NDManager manager, SegmentationDataset data, int n, Path dir, String prefix)
            throws IOException {
        Evaluator ev = new Evaluator(model, manager);
        List<String> files = new ArrayList<>();
        Files.createDirectories(dir);
        for (int i = 0; i < Math.min(n, data.size()); i++) {
            Sample s = data.get(i);
            Segmentation p = ev.predict(s);
            String name = String.format("%s-%02d.png", prefix, i);
            int[] gt = s.labelled() ? Palette.colorize(s.label()) : new int[s.height() * s.width()];
            Visualize.writeRow(dir.resolve(name), s.height(), s.width(), Visualize.image(s), gt, Palette.colorize(p.trainIds()),
                    Visualize.heat(p.entropy()));
            files.add(name);
        }
        return files;
    }

    /** Label values outside the dataset's id table were read as ignore; say how many, and which. */
    public static void warnUnknownLabels(SegmentationDataset data) {
        if (data instanceof Subset sub) {
            data = sub.base();
        }
        if (data instanceof PngPairDataset d && d.unknownLabelPixels() > 0) {
            System.err.printf("warning: %s: %d label pixels had ids outside the mapping and were ignored (id: pixels) %s%n",
                    d.description(), d.unknownLabelPixels(), d.unknownLabelValues());
        }
    }
}
