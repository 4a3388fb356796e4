package org.segadapt.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by {@code train} and {@code adapt}. */
final class TrainingOptions {
    @Option(names = "--source", description = "labelled source, e.g. gta5:DIR or synthia:DIR")
    String source;

    @Option(names = "--val", description = "labelled validation set evaluated at the end, e.g. cityscapes:DIR")
    String val;

    @Option(names = "--val-split", defaultValue = "val", description = "split of --val (default: ${DEFAULT-VALUE})")
    String valSplit;

    @Option(names = "--model", defaultValue = "bisenet", description = "small | bisenet | deeplabv2 (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--iters", defaultValue = "2000", description = "training iterations (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--batch", defaultValue = "2", description = "images per domain and step (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--crop", defaultValue = "256x512", description = "training crop HxW (default: ${DEFAULT-VALUE})")
    String crop;

    @Option(names = "--scale", defaultValue = "0.75,1.25", split = ",", description = "random scale range (default: ${DEFAULT-VALUE})")
    float[] scale;

    @Option(names = "--lr", defaultValue = "2.5e-4", description = "base learning rate (paper: 2.5e-4; default: ${DEFAULT-VALUE})")
    float lr;

    @Option(names = "--resize", defaultValue = "none",
            description = "resize on load: none | protocol (GTA5 1280x720, SYNTHIA 1280x760, Cityscapes 1024x512) | HxW")
    String resize;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--checkpoint-every", defaultValue = "500", description = "checkpoint interval (default: ${DEFAULT-VALUE})")
    int checkpointEvery;

    @Option(names = "--workers", defaultValue = "2", description = "data loader threads (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--backbone-weights", description = "initialise the backbone from a safetensors file with torchvision names")
    java.nio.file.Path backboneWeights;

    @Option(names = "--out", description = "run folder to create")
    Path out;

    @Option(names = "--resume", description = "continue an interrupted run folder with its saved configuration")
    Path resume;

    @Option(names = "--no-progress", description = "no progress bar (logs and CI)")
    boolean noProgress;
}
