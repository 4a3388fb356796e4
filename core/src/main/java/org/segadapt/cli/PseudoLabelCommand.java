package org.segadapt.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.segadapt.data.DatasetSpec;
import org.segadapt.data.sets.PngPairDataset;
import org.segadapt.model.SegmentationModel;
import org.segadapt.run.PseudoLabeller;
import org.segadapt.run.Runner;
import org.segadapt.train.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pseudo-label}: CaDA eq. (1)–(3) over a target set, written by {@link PseudoLabeller}. */
@Command(name = "pseudo-label", mixinStandardHelpOptions = true,
        description = "Write CaDA category-adaptive pseudo-labels (eq. 1-3) of a target set as a Cityscapes-layout folder.",
        footer = "%nExample:%n  ./segadapt pseudo-label --checkpoint runs/cada --target cityscapes:data/cityscapes "
                + "--margin 0.1 --out runs/pseudo-1")
public final class PseudoLabelCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, description = "run or checkpoint folder of the labelling model")
    Path checkpoint;

    @Option(names = "--target", required = true, description = "target images, cityscapes:DIR")
    String target;

    @Option(names = "--split", defaultValue = "train", description = "split of --target (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--margin", description = "entropy margin Δ of eq. (3)")
    Double margin;

    @Option(names = "--kept-share", description = "instead of --margin: choose Δ so that this share of all pixels is kept (0-1]")
    Double keptShare;

    @Option(names = "--resize", defaultValue = "none", description = "predict at: none | protocol | HxW (images are then copied at that size)")
    String resize;

    @Option(names = "--out", required = true, description = "folder to create")
    Path out;

    @Mixin
    Cli.Runtime runtime;

    @Override
    public Integer call() throws Exception {
        if (!target.toLowerCase(java.util.Locale.ROOT).startsWith("cityscapes:")) {
            throw new IllegalArgumentException("--target must be cityscapes:DIR (pseudo-labels are written in its layout), got '"
                    + target + "'");
        }
        if ((margin == null) == (keptShare == null)) {
            throw new IllegalArgumentException("give one of --margin DELTA or --kept-share S");
        }
        if (keptShare != null) {
            PseudoLabeller.checkKeptShare(keptShare);
        }
        Device device = runtime.start();
        PngPairDataset data = (PngPairDataset) Runner.open(target, split, resize);
        try (NDManager manager = NDManager.newBaseManager(device)) {
            SegmentationModel model = Checkpoint.load(checkpoint, manager).model();
            boolean link = DatasetSpec.parse(target).resizeHW(resize) == null;
            PseudoLabeller.Summary s = margin != null ? PseudoLabeller.write(model, manager, data, margin, link, out)
                    : PseudoLabeller.writeKeepingShare(model, manager, data, keptShare, link, out);
            System.out.printf("%s: %d images, kept %.1f%% of %d pixels (margin %.4g)%n", out, s.images(),
                    100.0 * s.keptPixels() / Math.max(1, s.pixels()), s.pixels(), s.entropyMargin());
            System.out.println("class          predicted px     kept px   kept share");
            for (PseudoLabeller.ClassStats c : s.classes()) {
                System.out.printf(java.util.Locale.ROOT, "%-13s %13d %11d %11s%n", c.name(), c.predictedPixels(), c.keptPixels(),
                        c.predictedPixels() == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * c.keptPixels() / c.predictedPixels()));
            }
        }
        return 0;
    }
}
