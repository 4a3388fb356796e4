package org.segadapt.infer;

import ai.djl.Device;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.training.ParameterStore;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.segadapt.data.Png;
import org.segadapt.loss.ShannonEntropy;
import org.segadapt.loss.mask.Argmax;
import org.segadapt.model.SegmentationModel;
import org.segadapt.nd.HostArrays;
import org.segadapt.nd.Scalars;
import org.segadapt.train.Checkpoint;

/**
 * A trained segmentation network for inference, in evaluation mode (BatchNorm running statistics, never updated).
 * Images of any size: the networks are fully convolutional and upsample their logits to the input size, so an image
 * is segmented at its own resolution (memory grows with its pixel count; downscale very large images first).
 *
 * <pre>{@code
 * try (Segmenter s = Segmenter.load(Path.of("runs/stage2"), Device.cpu())) {
 *     Segmentation seg = s.segment(ImageIO.read(file));
 *     ImageIO.write(seg.colorImage(), "png", out);
 * }
 * }</pre>
 *
 * Thread-safe: {@code segment} calls are serialised (one forward already uses every intra-op thread); for concurrent
 * serving use one Segmenter per thread, or DJL {@code Predictor}s from {@link #criteria(Path)}.
 */
public final class Segmenter implements AutoCloseable {
    private final SegmentationModel model;
    private final NDManager manager;
    private final boolean ownsManager;
    private final ParameterStore store;

    private Segmenter(SegmentationModel model, NDManager manager, boolean ownsManager) {
        this.model = model;
        this.manager = manager;
        this.ownsManager = ownsManager;
        this.store = new ParameterStore(manager, false);
    }

    /** Loads a run folder (its latest checkpoint) or a checkpoint folder onto {@code device}. */
    public static Segmenter load(Path runOrCheckpoint, Device device) throws IOException {
        NDManager m = NDManager.newBaseManager(device);
        try {
            return new Segmenter(Checkpoint.load(runOrCheckpoint, m).model(), m, true);
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** A segmenter over a model already in memory (e.g. a teacher during training); closing it leaves the model alone. */
    public static Segmenter of(SegmentationModel model, NDManager manager) {
        return new Segmenter(model, manager, false);
    }

    /**
     * DJL's route to the same network: {@code Criteria} for {@link Image} → {@link CategoryMask} (trainIds) that loads
     * the run through {@link SegmenterBlockFactory}, for {@code ZooModel}/{@code Predictor} users and DJL Serving.
     */
    public static Criteria<Image, CategoryMask> criteria(Path runOrCheckpoint) throws IOException {
        return Criteria.builder().setTypes(Image.class, CategoryMask.class).optEngine("PyTorch")
                .optModelPath(Checkpoint.resolve(runOrCheckpoint)).optArgument("blockFactory", SegmenterBlockFactory.class.getName())
                .optOption("hasParameter", "false").optTranslator(new SegmentationTranslator()).build();
    }

    public SegmentationModel model() {
        return model;
    }

    /** Softmax probabilities (N,C,H,W) of images (N,3,H,W), RGB in [0,1]; attached to the images' manager. */
    public NDArray probabilities(NDArray images) {
        return model.run(store, images, false).logits().softmax(1);
    }

    /** Segments one image given as RGB in [0,1], channel-first (3·H·W). */
    public synchronized Segmentation segment(float[] chw, int height, int width) {
        try (NDManager m = manager.newSubManager()) {
            return of(probabilities(HostArrays.floats(m, chw, new Shape(1, 3, height, width)))).get(0);
        }
    }

    public Segmentation segment(BufferedImage image) {
        return segment(Png.rgb(image), image.getHeight(), image.getWidth());
    }

    /** Segments a PNG or JPEG file. */
    public Segmentation segment(Path imageFile) throws IOException {
        int[] hw = new int[2];
        float[] chw = Png.readRgb(imageFile, hw);
        return segment(chw, hw[0], hw[1]);
    }

    /**
     * Segments several images, running consecutive images of equal size as one batch of up to {@code batch}. Batched
     * convolutions may round differently in the last bits than single images; the trainIds agree but for exact ties.
     */
    public synchronized List<Segmentation> segment(List<BufferedImage> images, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be positive, got " + batch);
        }
        List<Segmentation> out = new ArrayList<>();
        for (int i = 0; i < images.size();) {
            int h = images.get(i).getHeight(), w = images.get(i).getWidth(), n = 0;
            while (i + n < images.size() && n < batch && images.get(i + n).getHeight() == h && images.get(i + n).getWidth() == w) {
                n++;
            }
            float[] x = new float[n * 3 * h * w];
            for (int k = 0; k < n; k++) {
                System.arraycopy(Png.rgb(images.get(i + k)), 0, x, k * 3 * h * w, 3 * h * w);
            }
            try (NDManager m = manager.newSubManager()) {
                out.addAll(of(probabilities(HostArrays.floats(m, x, new Shape(n, 3, h, w)))));
            }
            i += n;
        }
        return out;
    }

    /** trainIds, confidence and normalised entropy of each image of a probability map (N,C,H,W). */
    public static List<Segmentation> of(NDArray prob) {
        Shape s = prob.getShape();
        int n = (int) s.get(0), c = (int) s.get(1), h = (int) s.get(2), w = (int) s.get(3), hw = h * w;
        Argmax a = Argmax.of(prob);
        float[] entropy = Scalars.div(ShannonEntropy.entropyMap(prob.stopGradient()), (float) Math.log(c)).toFloatArray();
        List<Segmentation> out = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            byte[] ids = new byte[hw];
            for (int i = 0; i < hw; i++) {
                ids[i] = (byte) a.classes()[b * hw + i];
            }
            out.add(new Segmentation(h, w, ids, java.util.Arrays.copyOfRange(a.confidence(), b * hw, (b + 1) * hw),
                    java.util.Arrays.copyOfRange(entropy, b * hw, (b + 1) * hw)));
        }
        return out;
    }

    @Override
    public void close() {
        if (ownsManager) {
            manager.close();
        }
    }
}
