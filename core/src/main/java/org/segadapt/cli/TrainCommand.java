package org.segadapt.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.segadapt.run.RunSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Source-only training (the baseline every adaptation starts from). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a segmenter on the labelled source domain only (SGD 0.9, wd 5e-4, warm-up + poly 0.9).",
        footer = "%nExample:%n  ./segadapt train --source gta5:data/streets/source --val cityscapes:data/streets/target "
                + "--model small --iters 600 --batch 8 --crop 128x256 --lr 0.02 --out runs/source%n"
                + "  ./segadapt train --preset tufl/bisenet-gta5-source --source gta5:data/gta5 --out runs/source")
public final class TrainCommand implements Callable<Integer> {
    @Mixin
    TrainingOptions opts;

    @Mixin
    Cli.Runtime runtime;

    @Override
    public Integer call() throws Exception {
        return Runs.trainCommand(opts, runtime, this::config, cfg -> "Source-only training");
    }

    private RunSpec config() throws java.io.IOException {
        if (opts.source == null) {
            throw new IllegalArgumentException("--source is required (or --resume RUN)");
        }
        return opts.config("source-only", opts.model, false, opts.source, null, null,
                opts.backboneWeights == null ? Map.of() : Map.of("backboneWeights", opts.backboneWeights.toString()));
    }
}
