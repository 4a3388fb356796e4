package org.segadapt.infer;

import ai.djl.Device;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
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
import org.segadapt.model.Bilinear;
import org.segadapt.model.layers.ConvBn;
import org.segadapt.model.layers.Layers;
import org.segadapt.nd.HostArrays;
import org.segadapt.nd.Scalars;
import org.segadapt.train.Checkpoint;

/**
 * A trained segmentation network for inference, in evaluation mode (BatchNorm running statistics, never updated). A
 * network loaded from a run runs with its BatchNorm folded into the convolutions ({@link ConvBn}): the same logits
 * to float rounding (about 1e-5), one pass over each activation fewer.
 * Images of any size, as {@link Input} says: by default whole, at their own resolution (the networks are fully
 * convolutional and upsample their logits to the input size; memory grows with the pixel count); or resized to a fixed
 * size and the logits resized back; or in overlapping windows whose logits are averaged (mmseg's "slide" mode), for
 * images larger than memory allows or than the network was trained at.
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
    /** How an image of any size meets the network. */
    public sealed interface Input {
        /** The whole image at its own resolution. */
        static Input whole() {
            return new Whole();
        }

        /** Bilinearly resized to {@code height}×{@code width}; the logits resized back to the image's size. */
        static Input resize(int height, int width) {
            return new Resized(height, width);
        }

        /**
         * Windows of {@code height}×{@code width} every {@code stride} pixels (the last one flush with the border), each
         * run alone; a pixel's logits are the mean over the windows that cover it. Images no larger than a window run
         * whole.
         */
        static Input slidingWindow(int height, int width, int stride) {
            return new Sliding(height, width, stride);
        }

        /** Parses {@code whole}, {@code resize:HxW} or {@code slide:HxW:STRIDE} (the {@code predict --input-mode} option). */
        static Input parse(String s) {
            String[] p = s.split(":");
            try {
                if (p.length == 1 && p[0].equals("whole")) {
                    return whole();
                }
                String[] hw = p.length > 1 ? p[1].split("x") : new String[0];
                if (p.length == 2 && p[0].equals("resize") && hw.length == 2) {
                    return resize(Integer.parseInt(hw[0]), Integer.parseInt(hw[1]));
                }
                if (p.length == 3 && p[0].equals("slide") && hw.length == 2) {
                    return slidingWindow(Integer.parseInt(hw[0]), Integer.parseInt(hw[1]), Integer.parseInt(p[2]));
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("input mode must be whole, resize:HxW or slide:HxW:STRIDE, got '" + s + "'");
        }
    }

    record Whole() implements Input {}

    record Resized(int height, int width) implements Input {
        Resized {
            if (height < 1 || width < 1) {
                throw new IllegalArgumentException("resize size must be positive, got " + height + "x" + width);
            }
        }
    }

    record Sliding(int height, int width, int stride) implements Input {
        Sliding {
            if (height < 1 || width < 1 || stride < 1) {
                throw new IllegalArgumentException("window size and stride must be positive, got " + height + "x" + width + ":" + stride);
            }
        }
    }

    private final SegmentationModel model;
    private final NDManager manager;
    private final boolean ownsManager;
    private final ParameterStore store;
    private volatile Input input = Input.whole();
    private volatile double[] scales = {1};
    private volatile boolean flip;

    private Segmenter(SegmentationModel model, NDManager manager, boolean ownsManager) {
        this.model = model;
        this.manager = manager;
        this.ownsManager = ownsManager;
        this.store = new ParameterStore(manager, false);
    }

    /** Loads a run folder (its latest checkpoint) or a checkpoint folder onto {@code device}, BatchNorm folded. */
    public static Segmenter load(Path runOrCheckpoint, Device device) throws IOException {
        return load(runOrCheckpoint, device, true);
    }

    /** {@link #load(Path, Device)}, with BatchNorm folded into the convolutions or run as trained. */
    public static Segmenter load(Path runOrCheckpoint, Device device, boolean foldBatchNorm) throws IOException {
        NDManager m = NDManager.newBaseManager(device);
        try {
            SegmentationModel model = Checkpoint.load(runOrCheckpoint, m).model();
            ConvBn.fold(model, foldBatchNorm);
            return new Segmenter(model, m, true);
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /**
     * A segmenter over a model already in memory (e.g. a teacher during training), as it is (folded only if its owner
     * folded it); closing it leaves the model alone.
     */
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

    /** Sets how images meet the network (default {@link Input#whole()}); returns this. */
    public Segmenter input(Input mode) {
        this.input = java.util.Objects.requireNonNull(mode);
        return this;
    }

    /**
     * Multi-scale and flip testing as the official TUFL evaluation ({@code utils/evaluate.py} {@code MscEval}, and most
     * UDA repositories): the image resized by each scale (bilinear, corners aligned), with {@code flip} also mirrored;
     * the probabilities of every pass resized back and averaged. Scales {1} without flip (the default) is one plain
     * pass. Returns this.
     */
    public Segmenter multiScale(double[] scales, boolean flip) {
        if (scales.length == 0 || java.util.Arrays.stream(scales).anyMatch(s -> !(s > 0) || Double.isInfinite(s))) {
            throw new IllegalArgumentException("--scales must be positive numbers, got " + java.util.Arrays.toString(scales));
        }
        this.scales = scales.clone();
        this.flip = flip;
        return this;
    }

    /** Softmax probabilities (N,C,H,W) of images (N,3,H,W), RGB in [0,1], as {@link #input} says; on the images' manager. */
    public NDArray probabilities(NDArray images) {
        int h = (int) images.getShape().get(2), w = (int) images.getShape().get(3);
        NDArray sum = null;
        int passes = 0;
        for (double s : scales) {
            NDArray x = s == 1 ? images : Bilinear.resize(images, Math.max(1, (int) (h * s)), Math.max(1, (int) (w * s)), true);
            for (int mirrored = 0; mirrored < (flip ? 2 : 1); mirrored++) {
                NDArray in = mirrored == 1 ? x.flip(3) : x;
                NDArray logits = logits(in, input);
                NDArray p = Layers.release(logits, logits.softmax(1));
                if (in != x) {
                    in.close();
                    p = Layers.release(p, p.flip(3));
                }
                if (s != 1) {
                    p = Layers.release(p, Bilinear.resize(p, h, w, true));
                }
                sum = sum == null ? p : Layers.release(p, Layers.release(sum, sum.add(p)));
                passes++;
            }
            if (x != images) {
                x.close();
            }
        }
        return passes == 1 ? sum : Layers.release(sum, Scalars.div(sum, passes));
    }

    private NDArray logits(NDArray images, Input mode) {
        Shape s = images.getShape();
        int h = (int) s.get(2), w = (int) s.get(3);
        if (mode instanceof Resized r && (r.height() != h || r.width() != w)) {
            NDArray small = Bilinear.resize(images, r.height(), r.width(), false);
            NDArray out = model.run(store, small, false).logits();
            small.close();
            return Layers.release(out, Bilinear.resize(out, h, w, false));
        }
        if (mode instanceof Sliding win && (win.height() < h || win.width() < w)) {
            return slide(images, win, h, w);
        }
        return model.run(store, images, false).logits();
    }

    /** mmseg's slide inference: the windows' logits summed in place and divided by how many windows cover each pixel. */
    private NDArray slide(NDArray images, Sliding win, int h, int w) {
        int th = Math.min(win.height(), h), tw = Math.min(win.width(), w);
        int rows = Math.max(h - th + win.stride() - 1, 0) / win.stride() + 1;
        int cols = Math.max(w - tw + win.stride() - 1, 0) / win.stride() + 1;
        int n = (int) images.getShape().get(0), c = model.numClasses();
        NDArray sum = images.getManager().zeros(new Shape(n, c, h, w));
        float[] count = new float[h * w];
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < cols; q++) {
                int y1 = Math.max(Math.min(r * win.stride() + th, h) - th, 0);
                int x1 = Math.max(Math.min(q * win.stride() + tw, w) - tw, 0);
                NDIndex at = new NDIndex(":, :, {}:{}, {}:{}", y1, y1 + th, x1, x1 + tw);
                NDArray tile = images.get(at);
                NDArray out = model.run(store, tile, false).logits();
                NDArray acc = sum.get(at);
                acc.addi(out);
                sum.set(at, acc);
                for (NDArray spent : new NDArray[] {tile, out, acc}) {
                    spent.close();
                }
                for (int y = y1; y < y1 + th; y++) {
                    for (int x = x1; x < x1 + tw; x++) {
                        count[y * w + x]++;
                    }
                }
            }
        }
        NDArray k = HostArrays.floats(images.getManager(), count, new Shape(1, 1, h, w));
        NDArray mean = sum.div(k);
        sum.close();
        k.close();
        return mean;
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
