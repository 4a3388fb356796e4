package org.segadapt.translate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.segadapt.data.Resize;
import org.segadapt.data.Sample;
import org.segadapt.data.SegmentationDataset;
import org.segadapt.nd.HostArrays;
import org.segadapt.nd.Scalars;
import org.segadapt.run.Provenance;

/**
 * FDA as a {@link Translation.Translator}: each source image takes the amplitude band of a target image drawn for it
 * (uniformly, from the seed and the image's index, so a resumed translation draws the same), resized to the source's
 * size as FDA's code does.
 */
public final class FdaTranslator implements Translation.Translator {
    private final SegmentationDataset target;
    private final double beta;
    private final long seed;
    private final NDManager manager;

    public FdaTranslator(SegmentationDataset target, double beta, long seed, NDManager manager) {
        if (target.size() == 0) {
            throw new IllegalArgumentException(target.description() + ": no target images");
        }
        Fda.bandRadius(1, 1, beta); // checks β
        this.target = target;
        this.beta = beta;
        this.seed = seed;
        this.manager = manager;
    }

    @Override
    public String method() {
        return "fda";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("beta", beta);
        p.put("seed", seed);
        p.put("target", target.description());
        p.put("targetFingerprint", Provenance.fingerprint(target));
        return p;
    }

    /** The target image drawn for source image {@code index}. */
    public int targetIndex(int index) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index).nextInt(target.size());
    }

    @Override
    public float[] translate(Sample source, int index) throws IOException {
        Sample t = target.get(targetIndex(index));
        float[] trg = t.height() == source.height() && t.width() == source.width() ? t.image()
                : Resize.bilinear(t.image(), 3, t.height(), t.width(), source.height(), source.width());
        Shape shape = new Shape(3, source.height(), source.width());
        try (NDManager m = manager.newSubManager()) {
            NDArray s = Scalars.mul(HostArrays.floats(m, source.image(), shape), 255f);
            NDArray out = Scalars.div(Fda.translate(s, Scalars.mul(HostArrays.floats(m, trg, shape), 255f), beta), 255f);
            return out.toFloatArray();
        }
    }
}
