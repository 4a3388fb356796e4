package org.segadapt.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.UncheckedIOException;
import picocli.CommandLine.Option;

/** Helpers shared by the commands: device/thread options, size parsing, error messages. */
final class Cli {
    private Cli() {}

    /** {@code --device} and {@code --threads}, applied before the engine starts. */
    static final class Runtime {
        @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (needs a CUDA libtorch, see README)")
        String device;

        @Option(names = "--threads", defaultValue = "0", description = "intra-op threads (0 = all cores)")
        int threads;

        Device start() {
            if (threads > 0) {
                System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
                System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
            }
            Engine engine = Engine.getEngine("PyTorch");
            Device d = Device.fromName(device, engine);
            if (d.isGpu() && engine.getGpuCount() == 0) {
                throw new IllegalArgumentException("--device gpu: no CUDA device visible to libtorch (see README, 'CUDA')");
            }
            return d;
        }
    }

    /** The most useful line of an exception chain (our messages name the file). */
    static String message(Throwable ex) {
        Throwable t = ex;
        while ((t instanceof UncheckedIOException || t.getMessage() == null) && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
