package org.segadapt.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.segadapt.data.Png;
import org.segadapt.eval.Visualize;
import org.segadapt.infer.Segmentation;
import org.segadapt.infer.Segmenter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Predictions for images: raw ids (trainId or Cityscapes labelId), colour maps, entropy maps. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict label maps for an image or a folder of images (PNG/JPEG, searched recursively).",
        footer = "%nExample:%n  ./segadapt predict --checkpoint runs/source --input data/streets/target/leftImg8bit/val "
                + "--out runs/source/pred --entropy")
public final class PredictCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, description = "run folder or checkpoint folder")
    Path checkpoint;

    @Option(names = "--input", required = true, description = "an image file or a folder")
    Path input;

    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Option(names = "--entropy", description = "also write normalised entropy maps")
    boolean entropy;

    @Option(names = "--format", defaultValue = "trainid",
            description = "raw prediction PNG: trainid (0..18) or labelid (Cityscapes ids, for the benchmark server)")
    String format;

    @Option(names = "--input-mode", defaultValue = "whole", description = "how images meet the network: whole (own resolution), "
            + "resize:HxW (logits resized back) or slide:HxW:STRIDE (overlapping windows, logits averaged); default: ${DEFAULT-VALUE}")
    String inputMode;

    @Mixin
    Cli.Runtime runtime;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("trainid") && !format.equals("labelid")) {
            throw new IllegalArgumentException("--format must be trainid or labelid, got '" + format + "'");
        }
        Segmenter.Input mode = Segmenter.Input.parse(inputMode);
        List<Path> images = images(input);
        var device = runtime.start();
        try (Segmenter segmenter = Segmenter.load(checkpoint, device).input(mode)) {
            Files.createDirectories(out);
            for (Path img : images) {
                Segmentation p = segmenter.segment(img);
                String stem = img.getFileName().toString().replaceFirst("\\.[^.]+$", "");
                int h = p.height(), w = p.width();
                Png.writeGrey(out.resolve(stem + "_" + format + ".png"), h, w, format.equals("trainid") ? p.trainIds() : p.labelIds());
                Png.writePacked(out.resolve(stem + "_color.png"), h, w, p.colors());
                if (entropy) {
                    Png.writePacked(out.resolve(stem + "_entropy.png"), h, w, Visualize.heat(p.entropy()));
                }
            }
            System.out.printf("%d predictions written to %s%n", images.size(), out);
        }
        return 0;
    }

    static List<Path> images(Path input) throws IOException {
        if (Files.isRegularFile(input)) {
            return List.of(input);
        }
        if (!Files.isDirectory(input)) {
            throw new IOException(input + ": no such file or folder");
        }
        List<Path> found;
        try (Stream<Path> s = Files.walk(input)) {
            found = s.filter(Files::isRegularFile).filter(p -> p.toString().toLowerCase().matches(".*\\.(png|jpe?g)$")).sorted().toList();
        }
        if (found.isEmpty()) {
            throw new IOException(input + ": no PNG or JPEG images found");
        }
        return found;
    }
}
