package org.segadapt.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.segadapt.config.RunConfig;
import org.segadapt.data.Datasets;
import org.segadapt.data.Loader;
import org.segadapt.data.Sample;
import org.segadapt.data.SegmentationDataset;
import org.segadapt.data.TrainTransform;
import org.segadapt.data.sets.PngPairDataset;
import org.segadapt.data.labels.ClassSet;
import org.segadapt.eval.Evaluator;
import org.segadapt.eval.IoUReport;
import org.segadapt.eval.Visualize;
import org.segadapt.method.Method;
import org.segadapt.model.Models;
import org.segadapt.model.SegmentationModel;
import org.segadapt.train.Checkpoint;
import org.segadapt.train.TrainLoop;

/** The plumbing commands share: datasets from specs, a run's model and loaders, training to the end, evaluation. */
final class Runs {
    private Runs() {}

    /** {@code --resize}: none, protocol, or HxW. */
    static int[] resize(String option, String datasetSpec) {
        if (option == null || option.equals("none")) {
            return null;
        }
        if (option.equals("protocol")) {
            String kind = datasetSpec.substring(0, Math.max(0, datasetSpec.indexOf(':')));
            Datasets.Size s = Datasets.PROTOCOL_SIZES.get(kind);
            if (s == null) {
                throw new IllegalArgumentException("--resize protocol: no protocol size for '" + datasetSpec + "'");
            }
            return s.hw();
        }
        return Cli.size(option, "--resize");
    }

    static SegmentationDataset open(String spec, String split, String resize) throws IOException {
        return Datasets.open(spec, split, resize(resize, spec));
    }

    /** Starts a new run folder, refusing to overwrite one that holds a run. */
    static void newRun(Path out, RunConfig cfg) throws IOException {
        if (out == null) {
            throw new IllegalArgumentException("--out is required (or --resume RUN)");
        }
        if (Files.exists(out.resolve(RunConfig.FILE))) {
            throw new IOException(out + ": already holds a run; use --resume " + out + " or another --out");
        }
        cfg.save(out);
    }

    static Loader trainLoader(SegmentationDataset data, RunConfig cfg, int workers, long seedOffset) {
        TrainTransform t = new TrainTransform(cfg.cropHeight(), cfg.cropWidth(), cfg.scaleMin(), cfg.scaleMax(), true);
        return Loader.training(data, cfg.batch(), t, cfg.seed() + seedOffset, workers, 4);
    }

    /** A fresh, initialised model (seeded); {@code init} copies a checkpoint's weights into it when given. */
    static SegmentationModel model(String kind, NDManager manager, long seed, Path init) throws IOException {
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
    static Path train(Path run, RunConfig cfg, NDManager manager, Method method, boolean resume, boolean progress) throws IOException {
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
        return TrainLoop.run(method, manager, run, new TrainLoop.Options(cfg.iterations(), cfg.checkpointEvery(), progress), start);
    }

    /** Evaluates a model on a labelled dataset under a protocol. */
    static IoUReport evaluate(SegmentationModel model, NDManager manager, SegmentationDataset data, ClassSet protocol, int limit)
            throws IOException {
        var cm = new Evaluator(model, manager).confusion(data, limit);
        return IoUReport.of(cm, protocol, limit > 0 ? Math.min(limit, data.size()) : data.size());
    }

    /** Writes image | ground truth | prediction | entropy panels for the first {@code n} samples; returns file names. */
    static List<String> panels(SegmentationModel model, NDManager manager, SegmentationDataset data, int n, Path dir, String prefix)
            throws IOException {
        Evaluator ev = new Evaluator(model, manager);
        List<String> files = new ArrayList<>();
        Files.createDirectories(dir);
        for (int i = 0; i < Math.min(n, data.size()); i++) {
            Sample s = data.get(i);
            Evaluator.Prediction p = ev.predict(s);
            String name = String.format("%s-%02d.png", prefix, i);
            int[] gt = s.labelled() ? Visualize.colorize(s.label()) : new int[s.height() * s.width()];
            Visualize.writeRow(dir.resolve(name), s.height(), s.width(), Visualize.image(s), gt, Visualize.colorize(p.classes()),
                    Visualize.heat(p.entropy()));
            files.add(name);
        }
        return files;
    }

    /** Label values outside the dataset's id table were read as ignore; say how many, and which. */
    static void warnUnknownLabels(SegmentationDataset data) {
        if (data instanceof PngPairDataset d && d.unknownLabelPixels() > 0) {
            System.err.printf("warning: %s: %d label pixels had ids outside the mapping and were ignored (id: pixels) %s%n",
                    d.description(), d.unknownLabelPixels(), d.unknownLabelValues());
        }
    }
}
