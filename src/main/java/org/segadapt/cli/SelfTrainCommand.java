package org.segadapt.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.segadapt.config.RunConfig;
import org.segadapt.data.sets.PngPairDataset;
import org.segadapt.model.SegmentationModel;
import org.segadapt.train.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * CaDA's self-supervised rounds (eq. 6; the paper runs two). Round k trains {@code OUT/round-k}, initialised from
 * the previous round (round 1 from {@code --init}), on the current pseudo-labels (round 1: {@code --pseudo}), then
 * relabels the target with its own model into {@code OUT/round-k/pseudo}. Re-running the command resumes: finished
 * rounds and existing pseudo-label folders are kept.
 */
@Command(name = "self-train", mixinStandardHelpOptions = true,
        description = "CaDA self-training rounds on category-adaptive pseudo-labels (eq. 6), relabelling after each round.",
        footer = "%nExample:%n  ./segadapt self-train --init runs/cada --pseudo runs/pseudo-1 --target cityscapes:data/cityscapes "
                + "--out runs/cada-ssl --rounds 2 --iters 2000")
public final class SelfTrainCommand implements Callable<Integer> {
    @Option(names = "--init", required = true, description = "run or checkpoint the first round starts from (the adapted model)")
    Path init;

    @Option(names = "--pseudo", required = true, description = "pseudo-label folder of round 1 (from pseudo-label)")
    Path pseudo;

    @Option(names = "--target", required = true, description = "target images to relabel after each round, cityscapes:DIR")
    String target;

    @Option(names = "--split", defaultValue = "train", description = "split of --target (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--out", required = true, description = "folder of the rounds (OUT/round-1, OUT/round-2, ...)")
    Path out;

    @Option(names = "--rounds", defaultValue = "2", description = "self-training rounds (paper: 2; default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--margin", description = "entropy margin Δ for relabelling (default: the one in --pseudo's summary.json)")
    Double margin;

    @Option(names = "--iters", defaultValue = "2000", description = "iterations per round (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--batch", defaultValue = "2", description = "images per step (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--crop", defaultValue = "256x512", description = "training crop HxW (default: ${DEFAULT-VALUE})")
    String crop;

    @Option(names = "--scale", defaultValue = "0.75,1.25", split = ",", description = "random scale range (default: ${DEFAULT-VALUE})")
    float[] scale;

    @Option(names = "--lr", defaultValue = "2.5e-4", description = "encoder learning rate; decoder ×10 (paper: 2.5e-4)")
    float lr;

    @Option(names = "--resize", defaultValue = "none", description = "resize on load and when relabelling: none | protocol | HxW")
    String resize;

    @Option(names = "--val", description = "labelled validation set evaluated after each round, e.g. cityscapes:DIR")
    String val;

    @Option(names = "--val-split", defaultValue = "val", description = "split of --val (default: ${DEFAULT-VALUE})")
    String valSplit;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--checkpoint-every", defaultValue = "500", description = "checkpoint interval (default: ${DEFAULT-VALUE})")
    int checkpointEvery;

    @Option(names = "--workers", defaultValue = "2", description = "data loader threads (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--no-progress", description = "no progress bar")
    boolean noProgress;

    @Mixin
    Cli.Runtime runtime;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1, got " + rounds);
        }
        if (!target.toLowerCase(java.util.Locale.ROOT).startsWith("cityscapes:")) {
            throw new IllegalArgumentException("--target must be cityscapes:DIR, got '" + target + "'");
        }
        Device device = runtime.start();
        double delta = margin != null ? margin : PseudoLabelCommand.margin(pseudo);
        String kind = Checkpoint.readMeta(init).model();
        PngPairDataset targetImages = (PngPairDataset) Runs.open(target, split, resize);
        Path previous = init;
        Path labels = pseudo;
        for (int k = 1; k <= rounds; k++) {
            Path round = out.resolve("round-" + k);
            trainRound(device, k, kind, previous, labels, round, delta);
            Path next = round.resolve("pseudo");
            if (!Files.isRegularFile(next.resolve(PseudoLabelCommand.SUMMARY))) {
                try (NDManager manager = NDManager.newBaseManager(device)) {
                    SegmentationModel model = Checkpoint.load(round, manager).model();
                    System.err.printf("round %d: relabelling %s (margin %.3g)%n", k, target, delta);
                    PseudoLabelCommand.write(model, manager, targetImages, delta, Runs.resize(resize, target) == null, next);
                }
            }
            previous = round;
            labels = next;
        }
        System.out.println("final model: " + Checkpoint.resolve(previous));
        return 0;
    }

    private void trainRound(Device device, int k, String kind, Path initRun, Path labels, Path round, double delta) throws IOException {
        RunConfig cfg = Files.exists(round.resolve(RunConfig.FILE)) ? RunConfig.load(round) : config(kind, initRun, labels, delta, k);
        try (NDManager manager = NDManager.newBaseManager(device)) {
            SegmentationModel model = Runs.execute(cfg, round, manager, workers, !noProgress);
            Runs.report("CaDA self-training, round " + k + " (pseudo labels " + labels + ", Δ = " + delta + ")", cfg, round, model, manager);
        }
    }

    private RunConfig config(String kind, Path initRun, Path labels, double delta, int k) {
        int[] c = Cli.size(crop, "--crop");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("entropyMargin", delta);
        params.put("round", k);
        params.put("decoderLrMultiplier", 10);
        return new RunConfig(Runs.SELF_TRAINING, kind, null, "cityscapes:" + labels, val, valSplit, initRun.toString(), iterations, batch,
                c[0], c[1], lr, scale[0], scale[scale.length - 1], seed, checkpointEvery, params);
    }
}
