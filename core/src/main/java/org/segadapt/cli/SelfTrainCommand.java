package org.segadapt.cli;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.segadapt.run.PseudoLabeller;
import org.segadapt.run.RunSpec;
import org.segadapt.run.Runner;
import org.segadapt.run.SelfTrainingRounds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code self-train}: CaDA's self-training rounds ({@link SelfTrainingRounds}). */
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
        double delta = margin != null ? margin : PseudoLabeller.margin(pseudo);
        RunSpec schedule = opts.config(Runner.SELF_TRAINING, "small", false, null, target, init.toString(), Map.of());
        var rounds = new SelfTrainingRounds(schedule, init, pseudo, target, split, out, this.rounds, delta);
        Device device = runtime.start();
        System.out.println("final model: " + rounds.run(device, opts.runnerOptions()));
        return 0;
    }
}
