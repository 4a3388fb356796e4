package org.segadapt.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by {@code train} and {@code adapt}: the run options plus source, model and run folder. */
final class TrainingOptions extends RunOptions {
    @Option(names = "--source", description = "labelled source, e.g. gta5:DIR or synthia:DIR")
    String source;

    @Option(names = "--model", defaultValue = "bisenet", description = "small | bisenet | deeplabv2 (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--backbone-weights", description = "initialise the backbone from a safetensors file with torchvision names")
    Path backboneWeights;

    @Option(names = "--out", description = "run folder to create")
    Path out;

    @Option(names = "--resume", description = "continue an interrupted run folder with its saved configuration")
    Path resume;
}
