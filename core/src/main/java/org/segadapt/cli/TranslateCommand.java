package org.segadapt.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.segadapt.data.DatasetSpec;
import org.segadapt.data.Datasets;
import org.segadapt.data.SegmentationDataset;
import org.segadapt.data.sets.PngPairDataset;
import org.segadapt.model.cyclegan.ResnetGenerator;
import org.segadapt.translate.CycleGanTranslator;
import org.segadapt.translate.Fda;
import org.segadapt.translate.FdaTranslator;
import org.segadapt.translate.Translation;
import org.segadapt.translate.TranslationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Image style translation of a labelled source into the target's style, written in the source's own layout. */
@Command(name = "translate", mixinStandardHelpOptions = true,
        description = {"Translate a labelled source into the target's image style (FDA or a CycleGAN generator), writing it in the "
                + "source's layout and file names with the labels copied byte for byte; read the result as KIND:OUT.",
            "An interrupted translation continues where it stopped when the same command runs again."},
        footer = "%nExamples:%n  ./segadapt translate --method fda --source gta5:data/streets/source --target cityscapes:data/streets/target "
                + "--out data/streets/source-fda%n"
                + "  ./segadapt translate --method cyclegan --translator runs/translator --source gta5:data/streets/source "
                + "--target cityscapes:data/streets/target --out data/streets/source-cyclegan")
public final class TranslateCommand implements Callable<Integer> {
    @Option(names = "--method", required = true, description = "fda | cyclegan")
    String method;

    @Option(names = "--source", required = true, description = "labelled source, gta5:DIR or synthia:DIR (or cityscapes:DIR, its train split)")
    String source;

    @Option(names = "--target", required = true, description = "target images, e.g. cityscapes:DIR (FDA's amplitudes; the report's samples)")
    String target;

    @Option(names = "--target-split", defaultValue = "train", description = "target split (default: ${DEFAULT-VALUE})")
    String targetSplit;

    @Option(names = "--out", required = true, description = "folder of the translated copy")
    Path out;

    @Option(names = "--fda-beta", description = "FDA's β (the paper's L): band half-width over min(H, W); the paper uses 0.01, 0.05, 0.09 "
            + "(default: " + Fda.DEFAULT_BETA + ")")
    Double fdaBeta;

    @Option(names = "--seed", defaultValue = "1", description = "seed of FDA's target draws (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--translator", description = "cyclegan: a train-translator run, or a safetensors generator with the official names")
    Path translator;

    @Option(names = "--generator", defaultValue = "official", description = "cyclegan, safetensors file: its layout, official | small | "
            + "WIDTHxBLOCKS (default: ${DEFAULT-VALUE})")
    String generator;

    @Option(names = "--samples", defaultValue = "3", description = "side-by-side samples in OUT/report.md (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--no-progress", description = "no progress bar")
    boolean noProgress;

    @Mixin
    Cli.Runtime runtime;

    @Override
    public Integer call() throws Exception {
        String m = method.toLowerCase(Locale.ROOT);
        if (!m.equals("fda") && !m.equals("cyclegan")) {
            throw new IllegalArgumentException("--method must be fda or cyclegan, got '" + method + "'");
        }
        if (m.equals("fda") != (translator == null)) {
            throw new IllegalArgumentException(m.equals("fda") ? "--translator applies to --method cyclegan" : "--method cyclegan needs --translator RUN|FILE");
        }
        if (m.equals("cyclegan") && fdaBeta != null) {
            throw new IllegalArgumentException("--fda-beta applies to --method fda");
        }
        double beta = fdaBeta == null ? Fda.DEFAULT_BETA : fdaBeta;
        Fda.bandRadius(1, 1, beta);
        DatasetSpec src = DatasetSpec.parse(source);
        if (src.from() != null || src.to() != null) {
            throw new IllegalArgumentException("--source " + source + ": translate a whole dataset, not a slice");
        }
        PngPairDataset data = Datasets.open(source, "train", null);
        SegmentationDataset targets = Datasets.open(target, targetSplit, null);
        var device = runtime.start();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            Translation.Translator t = m.equals("fda") ? new FdaTranslator(targets, beta, seed, manager)
                    : CycleGanTranslator.load(translator, ResnetGenerator.Layout.named(generator), manager);
            Path root = Path.of(source.substring(source.indexOf(':') + 1));
            Translation.Result r = Translation.run(data, source, root, t, out, !noProgress);
            String kind = src.kind();
            PngPairDataset translated = Datasets.open(kind + ":" + out, "train", null);
            TranslationReport.write(out, "Image style translation (" + m + ") of " + source, data, translated, targets, samples);
            System.out.printf(Locale.ROOT, "translated %d images (%d already done) in %.1f s: %s:%s (report: %s)%n", r.translated(), r.skipped(),
                    r.seconds(), kind, out, out.resolve("report.md"));
        }
        return 0;
    }
}
