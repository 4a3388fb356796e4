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

    @Mixin
    RunOptions opts;

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
        PngPairDataset targetImages = (PngPairDataset) Runs.open(target, split, opts.resize);
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
                    PseudoLabelCommand.write(model, manager, targetImages, delta, Runs.resize(opts.resize, target) == null, next);
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
            SegmentationModel model = Runs.execute(cfg, round, manager, opts.workers, !opts.noProgress);
            Runs.report("CaDA self-training, round " + k + " (pseudo labels " + labels + ", Δ = " + delta + ")", cfg, round, model, manager);
        }
    }

    private RunConfig config(String kind, Path initRun, Path labels, double delta, int k) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("entropyMargin", delta);
        params.put("round", k);
        params.put("decoderLrMultiplier", 10);
        return opts.config(Runs.SELF_TRAINING, kind, null, "cityscapes:" + labels, initRun.toString(), params);
    }
}
