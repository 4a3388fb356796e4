package org.segadapt.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.segadapt.data.Sample;
import org.segadapt.data.SegmentationDataset;
import org.segadapt.loss.ShannonEntropy;
import org.segadapt.loss.mask.Argmax;
import org.segadapt.model.SegmentationModel;
import org.segadapt.nd.HostArrays;
import org.segadapt.nd.Scalars;

/**
 * Inference in evaluation mode (BatchNorm running statistics, never updated): argmax predictions, entropy
 * maps, and a confusion matrix over a labelled dataset. The next image is decoded while the current one runs.
 */
public final class Evaluator {
    private final SegmentationModel model;
    private final NDManager manager;
    private final ParameterStore store;

    /** A prediction: trainIds (H·W) and the normalised per-pixel entropy in [0,1]. */
    public record Prediction(byte[] classes, float[] entropy) {}

    public Evaluator(SegmentationModel model, NDManager manager) {
        this.model = model;
        this.manager = manager;
        this.store = new ParameterStore(manager, false);
    }

    /** Class probabilities (1, C, H, W) of one sample, attached to {@code m}. */
    public NDArray probabilities(Sample s, NDManager m) {
        NDArray x = HostArrays.floats(m, s.image(), new Shape(1, 3, s.height(), s.width()));
        return model.run(store, x, false).logits().softmax(1);
    }

    public Prediction predict(Sample s) {
        try (NDManager m = manager.newSubManager()) {
            NDArray p = probabilities(s, m);
            int[] argmax = Argmax.of(p).classes();
            byte[] classes = new byte[argmax.length];
            for (int i = 0; i < argmax.length; i++) {
                classes[i] = (byte) argmax[i];
            }
            NDArray ent = Scalars.div(ShannonEntropy.entropyMap(p), (float) Math.log(p.getShape().get(1))); // normalised to [0,1]
            return new Prediction(classes, ent.toFloatArray());
        }
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
            cm.add(s.label(), predict(s).classes());
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
