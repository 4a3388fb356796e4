package org.segadapt.data.sets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.segadapt.data.labels.LabelMap;

/**
 * Cityscapes: {@code DIR/leftImg8bit/SPLIT/CITY/*_leftImg8bit.png} +
 * {@code DIR/gtFine/SPLIT/CITY/*_gtFine_labelIds.png}. When {@code gtFine/SPLIT} does not exist the
 * split is unlabelled (target images for adaptation). Sample names are {@code CITY/BASE}.
 */
public final class CityscapesDataset extends PngPairDataset {
    static final String IMAGE_SUFFIX = "_leftImg8bit.png", LABEL_SUFFIX = "_gtFine_labelIds.png";

    private CityscapesDataset(String spec, List<Pair> pairs, int[] resizeHW) throws IOException {
        super(spec, pairs, LabelMap.CITYSCAPES, Gta5Dataset.MAX_LABEL_ID, true, resizeHW);
    }

    public static CityscapesDataset open(Path dir, String split, int[] resizeHW) throws IOException {
        String spec = "cityscapes:" + dir;
        Path imageRoot = dir.resolve("leftImg8bit").resolve(split), labelRoot = dir.resolve("gtFine").resolve(split);
        requireDir(spec, dir);
        requireDir(spec, imageRoot);
        TreeMap<String, Path> images = byCity(imageRoot, IMAGE_SUFFIX);
        List<Pair> pairs;
        if (Files.isDirectory(labelRoot)) {
            pairs = pairByKey(spec, images, byCity(labelRoot, LABEL_SUFFIX),
                    k -> imageRoot.resolve(k + IMAGE_SUFFIX), k -> labelRoot.resolve(k + LABEL_SUFFIX));
        } else {
            pairs = new ArrayList<>();
            images.forEach((k, f) -> pairs.add(new Pair(k, f, null)));
        }
        requireNonEmpty(spec, pairs, imageRoot, Files.isDirectory(labelRoot));
        return new CityscapesDataset(spec, pairs, resizeHW);
    }

    /** Files of every city folder, keyed "CITY/BASE" (sorted by city, then name). */
    private static TreeMap<String, Path> byCity(Path root, String suffix) throws IOException {
        TreeMap<String, Path> out = new TreeMap<>();
        try (var cities = Files.list(root)) {
            for (Path city : (Iterable<Path>) cities.filter(Files::isDirectory)::iterator) {
                String c = city.getFileName().toString();
                list(city, suffix).forEach((base, f) -> out.put(c + "/" + base, f));
            }
        }
        return out;
    }
}
