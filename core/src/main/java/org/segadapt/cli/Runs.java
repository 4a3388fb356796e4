package org.segadapt.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import org.segadapt.model.SegmentationModel;
import org.segadapt.run.RunSpec;
import org.segadapt.run.Runner;

/** {@code train} and {@code adapt} share this: a new run from the options or a resumed one, trained by {@link Runner}. */
final class Runs {
    private Runs() {}

    /** Supplies a new run's configuration from the command's options. */
    interface ConfigSource {
        RunSpec get() throws IOException;
    }

    /** {@code train} and {@code adapt}: a new run from the options, or {@code --resume RUN} with its saved configuration. */
    static int trainCommand(TrainingOptions opts, Cli.Runtime runtime, ConfigSource fresh,
            java.util.function.Function<RunSpec, String> title) throws IOException {
        var device = runtime.start();
        Path run = opts.resume != null ? opts.resume : opts.out;
        RunSpec cfg = opts.resume != null ? RunSpec.load(run) : fresh.get();
        if (opts.resume == null) {
            Runner.create(run, cfg);
        }
        try (NDManager manager = NDManager.newBaseManager(device)) {
            SegmentationModel model = Runner.train(cfg, run, manager, opts.runnerOptions());
            Runner.report(title.apply(cfg), cfg, run, model, manager);
        }
        return 0;
    }
}
