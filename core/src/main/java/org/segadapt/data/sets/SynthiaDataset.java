package org.segadapt.data.sets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.segadapt.data.labels.LabelMap;

/**
 * SYNTHIA RAND-CITYSCAPES: {@code DIR/RGB/*.png} + {@code DIR/GT/LABELS/*.png}. Labels are 16-bit
 * multi-channel PNGs with the class id in the FIRST channel (the others hold instance ids), so they
 * are read raw; an 8-bit RGB decode would scale the values and return garbage.
 */
public final class SynthiaDataset extends PngPairDataset {
    /** SYNTHIA class ids run 0..22; unmapped ids in that range are void, larger ones unknown. */
    static final int MAX_CLASS_ID = 22;

    private SynthiaDataset(String spec, List<Pair> pairs, int[] resizeHW) throws IOException {
        super(spec, pairs, LabelMap.SYNTHIA, MAX_CLASS_ID, false, resizeHW);
    }

    public static SynthiaDataset open(Path dir, int[] resizeHW) throws IOException {
        String spec = "synthia:" + dir;
        Path images = dir.resolve("RGB"), labels = dir.resolve("GT").resolve("LABELS");
        requireDir(spec, dir);
        requireDir(spec, images);
        requireDir(spec, labels);
        List<Pair> pairs = pairByKey(spec, list(images, ".png"), list(labels, ".png"),
                k -> images.resolve(k + ".png"), k -> labels.resolve(k + ".png"));
        requireNonEmpty(spec, pairs, dir, true);
        return new SynthiaDataset(spec, pairs, resizeHW);
    }
}
