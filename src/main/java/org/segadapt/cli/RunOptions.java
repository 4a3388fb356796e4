package org.segadapt.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.segadapt.config.RunConfig;
import picocli.CommandLine.Option;

/** Options of every command that trains runs: {@code train}, {@code adapt}, {@code self-train}. */
class RunOptions {
    @Option(names = "--val", description = "labelled validation set evaluated at the end, e.g. cityscapes:DIR")
    String val;

    @Option(names = "--val-split", defaultValue = "val", description = "split of --val (default: ${DEFAULT-VALUE})")
    String valSplit;

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

    @Option(names = "--no-progress", description = "no progress bar (logs and CI)")
    boolean noProgress;

    /** The run these options describe; {@code --resize} travels in the parameters so that resumed runs keep it. */
    RunConfig config(String method, String model, String source, String target, String init, Map<String, Object> params) {
        int[] c = Cli.size(crop, "--crop");
        Map<String, Object> p = new LinkedHashMap<>(params);
        p.put("resize", resize);
        Runs.resize(resize, source != null ? source : target); // validates the option before anything is written
        return new RunConfig(method, model, source, target, val, valSplit, init, iterations, batch, c[0], c[1], lr, scale[0],
                scale[scale.length - 1], seed, checkpointEvery, p);
    }
}
