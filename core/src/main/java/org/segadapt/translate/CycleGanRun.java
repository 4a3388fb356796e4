package org.segadapt.translate;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.segadapt.data.Loader;
import org.segadapt.data.SegmentationDataset;
import org.segadapt.data.TrainTransform;
import org.segadapt.io.RunLock;
import org.segadapt.run.MethodSpec;
import org.segadapt.run.Provenance;
import org.segadapt.run.RunSpec;
import org.segadapt.run.Runner;
import org.segadapt.train.Checkpoint;
import org.segadapt.train.TrainLoop;

/**
 * {@code train-translator}: CycleGAN trained on unpaired source and target images as a run like any other — its
 * {@code config.yaml}, lock, checkpoints of all four networks with their Adam moments and image pools, and exact
 * resume from the latest checkpoint.
 *
 * <pre>{@code
 * RunSpec spec = RunSpec.builder().method("cyclegan").model("cyclegan").source("gta5:DIR").target("cityscapes:DIR")
 *         .iterations(400).batch(1).crop(64, 128).learningRate(2e-4f).param("generator", "small").build();
 * CycleGanRun.train(spec, Path.of("runs/translator"), manager, Runner.Options.quiet());
 * }</pre>
 */
public final class CycleGanRun {
    private CycleGanRun() {}

    /** Trains (or resumes) the translator run; returns the trained training state (its {@link CycleGanTraining#generator()}). */
    public static CycleGanTraining train(RunSpec spec, Path run, NDManager manager, Runner.Options options) throws IOException {
        if (!(MethodSpec.of(spec) instanceof MethodSpec.Translator translator)) {
            throw new IllegalArgumentException("train-translator trains method " + CycleGanTraining.KIND + ", not " + spec.method());
        }
        if (spec.target() == null) {
            throw new IllegalArgumentException("train-translator needs --target (unlabelled target images)");
        }
        if (!Files.exists(run.resolve(RunSpec.FILE))) {
            Runner.create(run, spec);
        }
        try (RunLock lock = RunLock.acquire(run)) {
            boolean resume = Files.exists(run.resolve("latest"));
            int start = resume ? Checkpoint.readMeta(run).iteration() : 0;
            String targetSplit = String.valueOf(spec.params().getOrDefault("targetSplit", "train"));
            SegmentationDataset source = Runner.open(spec.source(), "train", Runner.resize(spec));
            SegmentationDataset target = Runner.open(spec.target(), targetSplit, Runner.resize(spec));
            TrainTransform t = new TrainTransform(spec.cropHeight(), spec.cropWidth(), spec.scaleMin(), spec.scaleMax(), true);
            try (Loader src = Loader.training(source, spec.batch(), t, spec.seed(), options.workers(), 4, start);
                    Loader tgt = Loader.training(target, spec.batch(), t, spec.seed() + 7919, options.workers(), 4, start)) {
                Engine.getInstance().setRandomSeed((int) spec.seed());
                CycleGanTraining training = new CycleGanTraining(translator, spec.learningRate(), spec.iterations(), spec.seed(),
                        src.batches(), tgt.batches(), manager);
                if (resume) {
                    Checkpoint.Meta meta = Checkpoint.loadNetwork(run, training.network(), manager);
                    Checkpoint.Loaded loaded = new Checkpoint.Loaded(null, meta, Checkpoint.resolve(run));
                    for (var e : training.auxiliaryNetworks().entrySet()) {
                        loaded.loadAuxiliary(e.getKey(), e.getValue(), manager);
                    }
                    NDList opt = loaded.optimizerState(manager);
                    if (opt != null) {
                        training.loadOptimizerState(opt);
                    }
                    System.err.printf("resuming %s at iteration %d of %d%n", run, start, spec.iterations());
                }
                if (start < spec.iterations()) {
                    var provenance = Provenance.of(spec, manager.getDevice(), List.of(
                            Provenance.dataset("source", spec.source(), "train", source),
                            Provenance.dataset("target", spec.target(), targetSplit, target)));
                    TrainLoop.run(training, manager, run, new TrainLoop.Options(spec.iterations(), spec.checkpointEvery(), options.progress(),
                            provenance), start);
                }
                return training;
            }
        }
    }
}
