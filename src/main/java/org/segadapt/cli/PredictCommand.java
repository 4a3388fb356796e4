package org.segadapt.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.segadapt.data.Png;
import org.segadapt.data.Sample;
import org.segadapt.data.labels.LabelMap;
import org.segadapt.eval.Evaluator;
import org.segadapt.eval.Visualize;
import org.segadapt.train.Checkpoint;
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

    @Mixin
    Cli.Runtime runtime;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("trainid") && !format.equals("labelid")) {
            throw new IllegalArgumentException("--format must be trainid or labelid, got '" + format + "'");
        }
        List<Path> images = images(input);
        var device = runtime.start();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            Checkpoint.Loaded ck = Checkpoint.load(checkpoint, manager);
            Evaluator ev = new Evaluator(ck.model(), manager);
            Files.createDirectories(out);
            for (Path img : images) {
                int[] hw = new int[2];
                float[] chw = Png.readRgb(img, hw);
                Evaluator.Prediction p = ev.predict(new Sample(img.toString(), hw[0], hw[1], chw, null));
                String stem = img.getFileName().toString().replaceFirst("\\.[^.]+$", "");
                Png.writeGrey(out.resolve(stem + "_" + format + ".png"), hw[0], hw[1], ids(p.classes()));
                Png.writePacked(out.resolve(stem + "_color.png"), hw[0], hw[1], Visualize.colorize(p.classes()));
                if (entropy) {
                    Png.writePacked(out.resolve(stem + "_entropy.png"), hw[0], hw[1], Visualize.heat(p.entropy()));
                }
            }
            System.out.printf("%d predictions written to %s%n", images.size(), out);
        }
        return 0;
    }

    private byte[] ids(byte[] trainIds) {
        if (format.equals("trainid")) {
            return trainIds;
        }
        byte[] out = new byte[trainIds.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Math.max(0, LabelMap.CITYSCAPES.rawId(trainIds[i] & 0xFF));
        }
        return out;
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
