package org.segadapt.bench;

import java.io.IOException;
import java.nio.file.Path;
import org.segadapt.data.Loader;
import org.segadapt.data.TrainTransform;
import org.segadapt.data.sets.Gta5Dataset;

/** Throughput of the training {@link Loader} (PNG decode, scale 0.75–1.25, crop, flip) on a GTA5-layout folder. */
public final class LoaderBench {
    private LoaderBench() {}

    /** Batches per second delivered by {@code next()} after {@code warmup} batches, over {@code batches} batches. */
    public static double batchesPerSecond(Path gta5Dir, int batch, int h, int w, int workers, int warmup, int batches) throws IOException {
        Gta5Dataset ds = Gta5Dataset.open(gta5Dir, null);
        try (Loader loader = Loader.training(ds, batch, new TrainTransform(h, w, 0.75f, 1.25f, true), 1, workers, 4)) {
            for (int i = 0; i < warmup; i++) {
                loader.next();
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < batches; i++) {
                loader.next();
            }
            return batches / ((System.nanoTime() - t0) / 1e9);
        }
    }
}
