package org.segadapt.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
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
    @Mixin
    PredictOptions options;

    @Option(names = "--input", required = true, description = "an image file or a folder")
    Path input;

    @Mixin
    Cli.Runtime runtime;

    @Override
    public Integer call() throws Exception {
        Segmenter.Input mode = options.check();
        List<Path> images = PredictOptions.images(input);
        var device = runtime.start();
        try (Segmenter segmenter = Segmenter.load(options.checkpoint, device).input(mode)) {
            Files.createDirectories(options.out);
            for (Path img : images) {
                PredictOptions.write(segmenter.segment(img), PredictOptions.outputs(options.out, img.toString(), options.format, options.entropy),
                        options.format);
            }
            System.out.printf("%d predictions written to %s%n", images.size(), options.out);
        }
        return 0;
    }
}
