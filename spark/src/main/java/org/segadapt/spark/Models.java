package org.segadapt.spark;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.segadapt.infer.Segmenter;

/**
 * The executor side's model cache. A checkpoint is loaded by the first task that needs it and kept for every later task
 * and job in that JVM: one copy per task running at the same time (at most {@code spark.executor.cores}), never one per
 * image or per task. A task {@link #lease leases} a copy for itself, so concurrent tasks never share a network; each op
 * runs on libtorch's intra-op threads as configured, and the arithmetic is the single-machine one.
 */
final class Models {
    /** How an executor starts libtorch: device and intra-op threads (applied before the engine's first use). */
    record Runtime(String device, int threads) implements Serializable {
        Device start() {
            if (threads > 0) {
                System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
                System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
            }
            System.setProperty("ai.djl.offline", "true");
            System.setProperty("java.awt.headless", "true");
            Engine engine = Engine.getEngine("PyTorch");
            Device d = Device.fromName(device, engine);
            if (d.isGpu() && engine.getGpuCount() == 0) {
                throw new IllegalStateException("--device gpu: no CUDA device visible to libtorch on this executor");
            }
            return d;
        }
    }

    private record Key(String checkpoint, boolean folded, Runtime runtime) {}

    private static final Map<Key, Deque<Segmenter>> IDLE = new ConcurrentHashMap<>();

    private Models() {}

    /** A copy of a model held by one task until closed (then kept for the next task). */
    static final class Lease implements AutoCloseable {
        private final Key key;
        private final Segmenter segmenter;

        private Lease(Key key, Segmenter segmenter) {
            this.key = key;
            this.segmenter = segmenter;
        }

        Segmenter segmenter() {
            return segmenter;
        }

        @Override
        public void close() {
            IDLE.get(key).push(segmenter);
        }
    }

    /**
     * An idle copy of {@code checkpoint} in this JVM, loaded if every copy is in use. {@code folded}: BatchNorm folded into
     * the convolutions, as {@code evaluate} and {@code predict} load it; unfolded as {@code pseudo-label} runs it
     * (bit-identical results need the same choice).
     */
    static Lease lease(String checkpoint, boolean folded, Runtime runtime) throws IOException {
        Key key = new Key(Path.of(checkpoint).toAbsolutePath().normalize().toString(), folded, runtime);
        Segmenter idle = IDLE.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).poll();
        return new Lease(key, idle != null ? idle : Segmenter.load(Path.of(key.checkpoint()), runtime.start(), folded));
    }
}
