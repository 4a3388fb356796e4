package org.segadapt.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.segadapt.data.Batch;
import org.segadapt.data.Loader;
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

    /** "128x256" -> {128, 256} (height, width). */
    static int[] size(String hxw, String option) {
        String[] p = hxw.toLowerCase().split("x");
        try {
            if (p.length == 2) {
                int h = Integer.parseInt(p[0].trim()), w = Integer.parseInt(p[1].trim());
                if (h > 0 && w > 0) {
                    return new int[] {h, w};
                }
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw new IllegalArgumentException(option + " must be HxW with positive integers, got '" + hxw + "'");
    }

    static Supplier<Batch> batches(Loader loader) {
        return () -> {
            try {
                return loader.next();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    static Path mkdirs(Path dir) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        return dir;
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
