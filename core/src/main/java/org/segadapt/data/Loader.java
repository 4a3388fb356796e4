package org.segadapt.data;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Prepares batches on background threads: a small pool decodes (and, in training, augments) samples
 * ahead of the consumer, at most {@code prefetch} batches in flight, so a training step does not wait
 * on PNG decoding. Samples are assembled in submission order, and each sample's randomness comes from
 * (seed, epoch, index) only, so the batches are identical for any thread count or timing.
 *
 * <ul>
 *   <li>{@link #training}: endless; each epoch is a permutation of the dataset drawn from (seed, epoch);
 *       every sample goes through {@link TrainTransform}; batches run across epoch boundaries.
 *   <li>{@link #evaluation}: one ordered pass without augmentation; a batch holds consecutive samples
 *       of the same size (a size change starts a new batch).
 * </ul>
 * A worker's failure is re-thrown by {@link #next()} as an IOException naming the sample and file.
 */
public final class Loader implements AutoCloseable {
    private final SegmentationDataset dataset;
    private final int batchSize;
    private final TrainTransform transform; // null in evaluation mode
    private final long seed;
    private final ExecutorService pool;
    private final ArrayDeque<Future<Sample>> window = new ArrayDeque<>();
    private final int windowSize;
    private long submitted;
    private long permEpoch = -1;
    private int[] perm;
    private Sample pending;

    private Loader(SegmentationDataset dataset, int batchSize, TrainTransform transform, long seed, int workers, int prefetch, long skip) {
        if (batchSize <= 0 || workers <= 0 || prefetch <= 0) {
            throw new IllegalArgumentException("batch size, workers and prefetch must be positive, got "
                    + batchSize + ", " + workers + ", " + prefetch);
        }
        if (transform != null && dataset.size() == 0) {
            throw new IllegalArgumentException(dataset.description() + ": no samples to train on");
        }
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.transform = transform;
        this.seed = seed;
        this.windowSize = batchSize * prefetch;
        this.submitted = skip;
        this.pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "segadapt-loader");
            t.setDaemon(true);
            return t;
        });
        fill();
    }

    /** Endless shuffled, augmented batches of {@code batchSize} crops. */
    public static Loader training(SegmentationDataset dataset, int batchSize, TrainTransform transform, long seed,
            int workers, int prefetch) {
        return training(dataset, batchSize, transform, seed, workers, prefetch, 0);
    }

    /**
     * As {@link #training}, starting after the first {@code skipBatches} batches: a resumed run reads exactly the
     * batches the uninterrupted run would have read next (the samples of a position depend only on seed and position).
     */
    public static Loader training(SegmentationDataset dataset, int batchSize, TrainTransform transform, long seed,
            int workers, int prefetch, long skipBatches) {
        return new Loader(dataset, batchSize, java.util.Objects.requireNonNull(transform), seed, workers, prefetch, skipBatches * batchSize);
    }

    /** One ordered pass, no augmentation, batches of up to {@code batchSize} same-size samples. */
    public static Loader evaluation(SegmentationDataset dataset, int batchSize, int workers, int prefetch) {
        return new Loader(dataset, batchSize, null, 0, workers, prefetch, 0);
    }

    public boolean hasNext() {
        return pending != null || !window.isEmpty();
    }

    /** The batches as a supplier for a method's step; a decoding error surfaces as an {@link java.io.UncheckedIOException}. */
    public java.util.function.Supplier<Batch> batches() {
        return () -> {
            try {
                return next();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    public Batch next() throws IOException {
        List<Sample> samples = new ArrayList<>(batchSize);
        while (samples.size() < batchSize && hasNext()) {
            Sample s = pending != null ? pending : take();
            pending = null;
            if (!samples.isEmpty() && (s.height() != samples.get(0).height() || s.width() != samples.get(0).width())) {
                pending = s;
                break;
            }
            samples.add(s);
        }
        if (samples.isEmpty()) {
            throw new NoSuchElementException(dataset.description() + ": no more batches");
        }
        return Batch.of(samples);
    }

    @Override
    public void close() {
        window.forEach(f -> f.cancel(true));
        window.clear();
        pending = null;
        pool.shutdownNow();
    }

    private Sample take() throws IOException {
        Future<Sample> f = window.poll();
        fill();
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(dataset.description() + ": interrupted while loading");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new IOException(c.getMessage(), c);
        }
    }

    private void fill() {
        while (window.size() < windowSize && (transform != null || submitted < dataset.size())) {
            window.add(pool.submit(task(submitted++)));
        }
    }

    private java.util.concurrent.Callable<Sample> task(long position) {
        int n = dataset.size();
        if (transform == null) {
            int index = (int) position;
            return () -> load(index, null);
        }
        long epoch = position / n;
        if (epoch != permEpoch) {
            perm = permutation(n, new SplittableRandom(mix(seed, epoch, -1)));
            permEpoch = epoch;
        }
        int index = perm[(int) (position % n)];
        return () -> load(index, new SplittableRandom(mix(seed, epoch, index)));
    }

    private Sample load(int index, SplittableRandom rng) throws IOException {
        try {
            Sample s = dataset.get(index);
            return rng == null ? s : transform.apply(s, rng);
        } catch (IOException | RuntimeException e) {
            throw new IOException(dataset.description() + " sample #" + index + ": " + e.getMessage(), e);
        }
    }

    static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1), t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** A well-spread seed from (seed, epoch, index) (SplitMix64 finaliser over a combination). */
    static long mix(long seed, long epoch, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + index * 0x165667B19E3779F9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
