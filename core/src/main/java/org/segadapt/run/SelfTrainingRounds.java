package org.segadapt.run;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.segadapt.data.DatasetSpec;
import org.segadapt.data.sets.PngPairDataset;
import org.segadapt.model.SegmentationModel;
import org.segadapt.train.Checkpoint;

/**
 * CaDA's self-supervised rounds (eq. 6; the paper runs two). Round k trains {@code OUT/round-k}, initialised from the
 * previous round (round 1 from {@code init}), on the current pseudo-labels (round 1: {@code pseudo}), then relabels the
 * target with its own model into {@code OUT/round-k/pseudo}. Running it again resumes: finished rounds and finished
 * pseudo-label folders are kept, an interrupted round resumes from its last checkpoint.
 *
 * @param schedule iterations, batch, crop, learning rate, seed and checkpoint interval of every round (its method,
 *                 datasets and init are set per round)
 * @param target   the target images to relabel, {@code cityscapes:DIR}, and {@code split} their split
 * @param margin   the entropy margin Δ of eq. (3) for relabelling
 */
public record SelfTrainingRounds(RunSpec schedule, Path init, Path pseudo, String target, String split, Path out, int rounds,
        double margin) {
    public SelfTrainingRounds {
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1, got " + rounds);
        }
        if (!target.toLowerCase(java.util.Locale.ROOT).startsWith("cityscapes:")) {
            throw new IllegalArgumentException("--target must be cityscapes:DIR, got '" + target + "'");
        }
    }

    /** Trains every round not yet finished; returns the last round's checkpoint. */
    public Path run(Device device, Runner.Options options) throws IOException {
        String kind = Checkpoint.readMeta(init).model();
        String resize = Runner.resize(schedule);
        PngPairDataset images = (PngPairDataset) Runner.open(target, split, resize);
        Path previous = init, labels = pseudo;
        for (int k = 1; k <= rounds; k++) {
            Path round = out.resolve("round-" + k);
            RunSpec spec = Files.exists(round.resolve(RunSpec.FILE)) ? RunSpec.load(round) : round(kind, previous, labels, k);
            try (NDManager manager = NDManager.newBaseManager(device)) {
                SegmentationModel model = Runner.train(spec, round, manager, options);
                Runner.report("CaDA self-training, round " + k + " (pseudo labels " + labels + ", Δ = " + margin + ")", spec, round, model,
                        manager);
            }
            Path next = round.resolve("pseudo");
            if (!Files.isRegularFile(next.resolve(PseudoLabeller.SUMMARY))) {
                try (NDManager manager = NDManager.newBaseManager(device)) {
                    SegmentationModel model = Checkpoint.load(round, manager).model();
                    System.err.printf("round %d: relabelling %s (margin %.3g)%n", k, target, margin);
                    PseudoLabeller.write(model, manager, images, margin, DatasetSpec.parse(target).resizeHW(resize) == null, next);
                }
            }
            previous = round;
            labels = next;
        }
        return Checkpoint.resolve(previous);
    }

    private RunSpec round(String kind, Path initRun, Path labels, int k) {
        return schedule.toBuilder().method(Runner.SELF_TRAINING).model(kind).source(null).target("cityscapes:" + labels)
                .init(initRun.toString()).param("entropyMargin", margin).param("round", k).param(HyperParameters.DECODER_LR_MULTIPLIER.key(), HyperParameters.DECODER_LR_MULTIPLIER.value()).build();
    }
}
