package org.segadapt.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.segadapt.data.Sample;
import org.segadapt.data.SegmentationDataset;
import org.segadapt.data.labels.Palette;
import org.segadapt.eval.Evaluator;
import org.segadapt.eval.Visualize;
import org.segadapt.infer.Segmentation;
import org.segadapt.run.Runner;
import org.segadapt.train.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** TUFL Fig. 5/6: the qualitative grid of several runs' predictions and entropy maps on the same target images. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Draw TUFL Fig. 5/6 for runs on a few target images: per image one row of image, ground truth and each run's "
                + "prediction, then one row of each run's entropy map (bright = uncertain), runs in the order given."},
        footer = "%nExample:%n  ./segadapt compare runs/source runs/focal runs/cim --data cityscapes:data/streets/target --images 3 "
                + "--out runs/fig5.png")
public final class CompareCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN", description = "runs or checkpoints, one column each")
    List<Path> runs;

    @Option(names = "--data", required = true, description = "labelled target, e.g. cityscapes:DIR")
    String data;

    @Option(names = "--split", defaultValue = "val", description = "split (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--images", defaultValue = "3", description = "target images, evenly spaced over the split (default: ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--out", required = true, description = "PNG file to write")
    Path out;

    @Mixin
    Cli.Runtime runtime;

    @Override
    public Integer call() throws Exception {
        if (images < 1) {
            throw new IllegalArgumentException("--images must be >= 1, got " + images);
        }
        if (!out.getFileName().toString().endsWith(".png")) {
            throw new IllegalArgumentException("--out must name a .png file, got " + out);
        }
        SegmentationDataset ds = Runner.open(data, split, "none");
        int n = Math.min(images, ds.size());
        List<Sample> samples = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            samples.add(ds.get((int) ((long) k * ds.size() / n)));
        }
        int h = samples.get(0).height(), w = samples.get(0).width();
        if (samples.stream().anyMatch(s -> s.height() != h || s.width() != w)) {
            throw new IllegalArgumentException(data + ": the compared images differ in size; the grid needs one size");
        }
        var device = runtime.start();
        int[][][] predictions = new int[n][runs.size()][], entropies = new int[n][runs.size()][];
        try (NDManager manager = NDManager.newBaseManager(device)) {
            for (int r = 0; r < runs.size(); r++) {
                try (NDManager m = manager.newSubManager()) {
                    Evaluator ev = new Evaluator(Checkpoint.load(runs.get(r), m).model(), m);
                    for (int k = 0; k < n; k++) {
                        Segmentation p = ev.predict(samples.get(k));
                        predictions[k][r] = Palette.colorize(p.trainIds());
                        entropies[k][r] = Visualize.heat(p.entropy());
                    }
                }
            }
        }
        List<int[][]> grid = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Sample s = samples.get(k);
            int[][] top = new int[2 + runs.size()][], bottom = new int[2 + runs.size()][];
            top[0] = Visualize.image(s);
            top[1] = s.labelled() ? Palette.colorize(s.label()) : null;
            for (int r = 0; r < runs.size(); r++) {
                top[2 + r] = predictions[k][r];
                bottom[2 + r] = entropies[k][r];
            }
            grid.add(top);
            grid.add(bottom);
        }
        Visualize.writeGrid(out, h, w, grid);
        System.out.printf("%s: %d images x (image, ground truth, %d runs), entropy maps below each row%n", out, n, runs.size());
        return 0;
    }
}
