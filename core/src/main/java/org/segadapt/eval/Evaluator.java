package org.segadapt.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.segadapt.data.Sample;
import org.segadapt.data.SegmentationDataset;
import org.segadapt.infer.Segmentation;
import org.segadapt.infer.Segmenter;
import org.segadapt.model.SegmentationModel;
import org.segadapt.nd.HostArrays;

/**
 * Evaluation of a network over a dataset: predictions through {@link Segmenter} (evaluation mode), and a confusion
 * matrix over a labelled dataset. The next image is decoded while the current one runs.
 */
public final class Evaluator {
    private final Segmenter segmenter;

    public Evaluator(SegmentationModel model, NDManager manager) {
        this(Segmenter.of(model, manager));
    }

    /** Predicts through {@code segmenter} as configured (input mode, scales and flip). */
    public Evaluator(Segmenter segmenter) {
        this.segmenter = segmenter;
    }

    /** Class probabilities (1, C, H, W) of one sample, attached to {@code m}. */
    public NDArray probabilities(Sample s, NDManager m) {
        return segmenter.probabilities(HostArrays.floats(m, s.image(), new Shape(1, 3, s.height(), s.width())));
    }

    public Segmentation predict(Sample s) {
        return segmenter.segment(s.image(), s.height(), s.width());
    }

    /** Confusion matrix over the first {@code limit} samples (all when limit <= 0) of a labelled dataset. */
    public ConfusionMatrix confusion(SegmentationDataset data, int limit) throws IOException {
        if (!data.labelled()) {
            throw new IOException(data.description() + ": has no labels to evaluate against");
        }
        int n = limit > 0 ? Math.min(limit, data.size()) : data.size();
        if (n == 0) {
            throw new IOException(data.description() + ": empty dataset");
        }
        ConfusionMatrix cm = new ConfusionMatrix();
        CompletableFuture<Sample> next = load(data, 0);
        for (int i = 0; i < n; i++) {
            Sample s = join(next);
            next = i + 1 < n ? load(data, i + 1) : null;
            cm.add(s.label(), predict(s).trainIds());
        }
        return cm;
    }

    private static CompletableFuture<Sample> load(SegmentationDataset data, int i) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return data.get(i);
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        });
    }

    private static Sample join(CompletableFuture<Sample> f) throws IOException {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }
}
