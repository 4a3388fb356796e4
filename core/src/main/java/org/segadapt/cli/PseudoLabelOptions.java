package org.segadapt.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.segadapt.run.PseudoLabeller;
import picocli.CommandLine.Option;

/** What {@code pseudo-label} and the Spark module's {@code spark-pseudo-label} share: options, their check, the summary. */
public final class PseudoLabelOptions {
    @Option(names = "--checkpoint", required = true, description = "run or checkpoint folder of the labelling model")
    public Path checkpoint;

    @Option(names = "--target", required = true, description = "target images, cityscapes:DIR")
    public String target;

    @Option(names = "--split", defaultValue = "train", description = "split of --target (default: ${DEFAULT-VALUE})")
    public String split;

    @Option(names = "--margin", description = "entropy margin Δ of eq. (3)")
    public Double margin;

    @Option(names = "--kept-share", description = "instead of --margin: choose Δ so that this share of all pixels is kept (0-1]")
    public Double keptShare;

    @Option(names = "--resize", defaultValue = "none", description = "predict at: none | protocol | HxW (images are then copied at that size)")
    public String resize;

    @Option(names = "--out", required = true, description = "folder to create")
    public Path out;

    /** A Cityscapes target and exactly one of {@code --margin} and {@code --kept-share}, before anything is read. */
    public void check() {
        if (!target.toLowerCase(Locale.ROOT).startsWith("cityscapes:")) {
            throw new IllegalArgumentException("--target must be cityscapes:DIR (pseudo-labels are written in its layout), got '"
                    + target + "'");
        }
        if ((margin == null) == (keptShare == null)) {
            throw new IllegalArgumentException("give one of --margin DELTA or --kept-share S");
        }
        if (keptShare != null) {
            PseudoLabeller.checkKeptShare(keptShare);
        }
    }

    /** The totals and each class's kept share on stdout. */
    public void print(PseudoLabeller.Summary s) {
        System.out.printf("%s: %d images, kept %.1f%% of %d pixels (margin %.4g)%n", out, s.images(),
                100.0 * s.keptPixels() / Math.max(1, s.pixels()), s.pixels(), s.entropyMargin());
        System.out.println("class          predicted px     kept px   kept share");
        for (PseudoLabeller.ClassStats c : s.classes()) {
            System.out.printf(Locale.ROOT, "%-13s %13d %11d %11s%n", c.name(), c.predictedPixels(), c.keptPixels(),
                    c.predictedPixels() == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * c.keptPixels() / c.predictedPixels()));
        }
    }
}
