package org.segadapt.data.sets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.segadapt.data.labels.LabelMap;

/** GTA5: {@code DIR/images/NNNNN.png} + {@code DIR/labels/NNNNN.png}, labels are palette PNGs whose index is the Cityscapes labelId. */
public final class Gta5Dataset extends PngPairDataset {
    /** Largest Cityscapes labelId; smaller unmapped ids are void classes, larger ones are unknown. */
    static final int MAX_LABEL_ID = 33;

    private Gta5Dataset(String spec, List<Pair> pairs, int[] resizeHW) throws IOException {
        super(spec, pairs, LabelMap.CITYSCAPES, MAX_LABEL_ID, true, resizeHW);
    }

    public static Gta5Dataset open(Path dir, int[] resizeHW) throws IOException {
        String spec = "gta5:" + dir;
        Path images = dir.resolve("images"), labels = dir.resolve("labels");
        requireDir(spec, dir);
        requireDir(spec, images);
        requireDir(spec, labels);
        List<Pair> pairs = pairByKey(spec, list(images, ".png"), list(labels, ".png"),
                k -> images.resolve(k + ".png"), k -> labels.resolve(k + ".png"));
        requireNonEmpty(spec, pairs, dir, true);
        return new Gta5Dataset(spec, pairs, resizeHW);
    }
}
