package org.segadapt.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * A segmenter: images in, per-pixel class scores out. Every model in segadapt extends this.
 *
 * <p>Input: RGB in [0,1], shape (N, 3, H, W); the model applies its own {@link InputNorm}.
 * Output logits are at the input resolution (bilinear, see {@link Bilinear}).
 */
public abstract class SegmentationModel extends AbstractBlock {
    /**
     * @param logits    (N, C, H, W) class scores at the input resolution
     * @param auxLogits auxiliary heads' scores at the input resolution (training only, else empty)
     * @param features  encoder stage outputs, shallowest first; at least two (CaDA's E_c^1, E_c^2)
     */
    public record Output(NDArray logits, List<NDArray> auxLogits, List<NDArray> features) {}

    private final int numClasses;
    private InputNorm inputNorm;

    protected SegmentationModel(byte version, int numClasses, InputNorm defaultNorm) {
        super(version);
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
        }
        this.numClasses = numClasses;
        this.inputNorm = defaultNorm;
    }

    /** Runs the network; {@code training} selects BatchNorm batch statistics and the auxiliary heads. */
    public abstract Output run(ParameterStore ps, NDArray images, boolean training);

    /** "small", "bisenet", "deeplabv2": the name used on the command line and in checkpoints. */
    public abstract String kind();

    public final int numClasses() {
        return numClasses;
    }

    /** The normalisation this model's weights expect; travels with checkpoints. */
    public final InputNorm inputNorm() {
        return inputNorm;
    }

    public final void setInputNorm(InputNorm norm) {
        this.inputNorm = norm;
    }

    /** Logits come out at the input resolution. */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), numClasses, in.get(2), in.get(3))};
    }

    /** Whether a parameter (by its full DJL path) belongs to the encoder/backbone (learning-rate groups). */
    public abstract boolean isEncoderParameter(String parameterPath);

    /**
     * Hook for {@link Models#initialize}: called after the default initialisers are set and before the
     * parameters are drawn, to override them (e.g. DeepLab's classifier N(0, 0.01)).
     */
    protected void customizeInitializers() {}

    private static final String CHECKPOINT_TAG = "segadapt-model";

    /** Checkpoints ({@code saveParameters}) carry kind, class count and input normalisation. */
    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        super.saveMetadata(os);
        os.writeUTF(CHECKPOINT_TAG);
        os.writeUTF(kind());
        os.writeInt(numClasses());
        os.writeUTF(inputNorm().name());
    }

    /**
     * Rejects a checkpoint of another kind or class count ({@link MalformedModelException} saying which) and
     * restores the input normalisation it was trained with.
     */
    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        super.loadMetadata(loadVersion, is);
        String tag;
        try {
            tag = is.readUTF();
        } catch (IOException e) {
            tag = null;
        }
        if (!CHECKPOINT_TAG.equals(tag)) {
            throw new MalformedModelException("not a segadapt model checkpoint (no model header)");
        }
        String kind = is.readUTF();
        int classes = is.readInt();
        String norm = is.readUTF();
        if (!kind.equals(kind()) || classes != numClasses()) {
            throw new MalformedModelException("checkpoint holds a '" + kind + "' model with " + classes
                    + " classes, expected '" + kind() + "' with " + numClasses());
        }
        try {
            setInputNorm(InputNorm.named(norm));
        } catch (IllegalArgumentException e) {
            throw new MalformedModelException("checkpoint input normalisation: " + e.getMessage());
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        Output o = run(ps, inputs.singletonOrThrow(), training);
        NDList out = new NDList(o.logits());
        out.addAll(o.auxLogits());
        return out;
    }
}
