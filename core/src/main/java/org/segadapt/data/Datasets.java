package org.segadapt.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.segadapt.data.sets.CityscapesDataset;
import org.segadapt.data.sets.Gta5Dataset;
import org.segadapt.data.sets.PngPairDataset;
import org.segadapt.data.sets.SynthiaDataset;

/** Opens a dataset named on the command line as {@code KIND:DIR} (gta5, synthia, cityscapes). */
public final class Datasets {
    private Datasets() {}

    /** An image size, width x height as papers write it; {@link #hw()} gives the {height, width} resize argument. */
    public record Size(int width, int height) {
        public int[] hw() {
            return new int[] {height, width};
        }
    }

    /** The resolutions the papers train/evaluate at, by kind. */
    public static final Map<String, Size> PROTOCOL_SIZES = Map.of(
            "gta5", new Size(1280, 720),
            "synthia", new Size(1280, 760),
            "cityscapes", new Size(1024, 512));

    /**
     * @param spec {@code gta5:DIR}, {@code synthia:DIR} or {@code cityscapes:DIR}
     * @param split Cityscapes split folder (train, val, ...); ignored by GTA5 and SYNTHIA, which have none
     * @param resizeHW {height, width} to resize every sample to on load, or null for the stored size
     */
    public static PngPairDataset open(String spec, String split, int[] resizeHW) throws IOException {
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? "" : spec.substring(0, colon).toLowerCase(Locale.ROOT);
        String dir = colon < 0 ? "" : spec.substring(colon + 1);
        if (dir.isEmpty()) {
            throw new IllegalArgumentException("dataset '" + spec + "': expected KIND:DIR with KIND one of gta5, synthia, cityscapes");
        }
        Path path = Path.of(dir);
        return switch (kind) {
            case "gta5" -> Gta5Dataset.open(path, resizeHW);
            case "synthia" -> SynthiaDataset.open(path, resizeHW);
            case "cityscapes" -> CityscapesDataset.open(path, split == null ? "train" : split, resizeHW);
            default -> throw new IllegalArgumentException("dataset '" + spec + "': unknown kind '" + kind
                    + "' (expected gta5, synthia or cityscapes)");
        };
    }
}
