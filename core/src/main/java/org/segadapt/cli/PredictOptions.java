package org.segadapt.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.segadapt.data.Png;
import org.segadapt.eval.Visualize;
import org.segadapt.infer.Segmentation;
import org.segadapt.infer.Segmenter;
import picocli.CommandLine.Option;

/**
 * What {@code predict} and the Spark module's {@code spark-predict} share: the options, the images an {@code --input}
 * names, the files an image gives and their writing. The two differ in how they are given images only.
 */
public final class PredictOptions {
    @Option(names = "--checkpoint", required = true, description = "run folder or checkpoint folder")
    public Path checkpoint;

    @Option(names = "--out", required = true, description = "output folder")
    public Path out;

    @Option(names = "--entropy", description = "also write normalised entropy maps")
    public boolean entropy;

    @Option(names = "--format", defaultValue = "trainid",
            description = "raw prediction PNG: trainid (0..18) or labelid (Cityscapes ids, for the benchmark server)")
    public String format;

    @Option(names = "--input-mode", defaultValue = "whole", description = "how images meet the network: whole (own resolution), "
            + "resize:HxW (logits resized back) or slide:HxW:STRIDE (overlapping windows, logits averaged); default: ${DEFAULT-VALUE}")
    public String inputMode;

    /** Refuses a bad {@code --format} or {@code --input-mode} before anything runs; returns the input mode. */
    public Segmenter.Input check() {
        if (!format.equals("trainid") && !format.equals("labelid")) {
            throw new IllegalArgumentException("--format must be trainid or labelid, got '" + format + "'");
        }
        return Segmenter.Input.parse(inputMode);
    }

    /** The files an image gives in {@code dir}: STEM_FORMAT.png, STEM_color.png and, with entropy, STEM_entropy.png. */
    public static List<Path> outputs(Path dir, String image, String format, boolean entropy) {
        String stem = Path.of(image).getFileName().toString().replaceFirst("\\.[^.]+$", "");
        List<Path> files = new ArrayList<>(List.of(dir.resolve(stem + "_" + format + ".png"), dir.resolve(stem + "_color.png")));
        if (entropy) {
            files.add(dir.resolve(stem + "_entropy.png"));
        }
        return files;
    }

    /** Writes a prediction into {@link #outputs}' files, each through a temporary sibling and an atomic rename ({@link Png}). */
    public static void write(Segmentation p, List<Path> files, String format) throws IOException {
        int h = p.height(), w = p.width();
        Png.writeGrey(files.get(0), h, w, format.equals("trainid") ? p.trainIds() : p.labelIds());
        Png.writePacked(files.get(1), h, w, p.colors());
        if (files.size() > 2) {
            Png.writePacked(files.get(2), h, w, Visualize.heat(p.entropy()));
        }
    }

    /** The images {@code --input} names: the one file, or the PNG/JPEG files under a folder, sorted. */
    public static List<Path> images(Path input) throws IOException {
        if (Files.isRegularFile(input)) {
            return List.of(input);
        }
        if (!Files.isDirectory(input)) {
            throw new IOException("--input " + input + ": no such file or folder");
        }
        List<Path> found;
        try (Stream<Path> s = Files.walk(input)) {
            found = s.filter(Files::isRegularFile).filter(p -> p.toString().toLowerCase().matches(".*\\.(png|jpe?g)$")).sorted().toList();
        }
        if (found.isEmpty()) {
            throw new IOException("--input " + input + ": no PNG or JPEG images found");
        }
        return found;
    }
}
