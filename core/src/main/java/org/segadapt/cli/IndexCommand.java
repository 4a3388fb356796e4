package org.segadapt.cli;

import org.segadapt.data.DatasetSpec;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.segadapt.data.Datasets;
import org.segadapt.data.SegmentationDataset;
import org.segadapt.data.labels.ClassSet;
import org.segadapt.mix.ClassBank;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Builds or validates the long-tail class bank (TUFL Sec. III-C) of a labelled source and prints it. */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Build or validate the class bank of a labelled source (samples per class, for long-tail pasting).",
        footer = "%nThe bank is cached as DIR/" + ClassBank.CACHE_NAME + " (or under ~/.cache/segadapt when DIR is not "
                + "writable) and rebuilt whenever the dataset's files change.%n%nExample:%n"
                + "  ./segadapt index --source gta5:data/streets/source")
public final class IndexCommand implements Callable<Integer> {
    @Option(names = "--source", required = true, description = "labelled dataset, e.g. gta5:DIR or synthia:DIR")
    String source;

    @Option(names = "--resize", defaultValue = "none",
            description = "none | protocol | HxW: must match the resize training uses (default: ${DEFAULT-VALUE})")
    String resize;

    @Option(names = "--cache", description = "cache file (default: DIR/" + ClassBank.CACHE_NAME + ")")
    Path cache;

    @Override
    public Integer call() throws Exception {
        SegmentationDataset ds = Datasets.open(source, null, DatasetSpec.parse(source).resizeHW(resize));
        System.out.println(source + ": " + ds.size() + " samples, indexing ...");
        ClassBank bank = cache == null ? ClassBank.open(ds) : ClassBank.load(ds, cache);
        System.out.println("class bank " + bank.origin());
        int[] counts = bank.counts();
        long[] pixels = bank.pixelTotals();
        long all = 0;
        for (long p : pixels) {
            all += p;
        }
        System.out.printf(Locale.ROOT, "%-3s %-14s %9s %8s %10s%n", "id", "class", "samples", "%", "pixels %");
        for (int c = 0; c < ClassSet.NUM_CLASSES; c++) {
            System.out.printf(Locale.ROOT, "%-3d %-14s %9d %7.1f%% %9.2f%%%n", c, ClassSet.name(c), counts[c],
                    100.0 * counts[c] / Math.max(1, bank.size()), 100.0 * pixels[c] / Math.max(1, all));
        }
        return 0;
    }
}
