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

/** {@code pseudo-label}: CaDA eq. (1)–(3) over a target set, written by {@link PseudoLabeller}. */
@Command(name = "pseudo-label", mixinStandardHelpOptions = true,
        description = "Write CaDA category-adaptive pseudo-labels (eq. 1-3) of a target set as a Cityscapes-layout folder.",
        footer = "%nExample:%n  ./segadapt pseudo-label --checkpoint runs/cada --target cityscapes:data/cityscapes "
                + "--margin 0.1 --out runs/pseudo-1")
public final class PseudoLabelCommand implements Callable<Integer> {
    @Mixin
    PseudoLabelOptions o;

    @Mixin
    Cli.Runtime runtime;

    @Override
    public Integer call() throws Exception {
        o.check();
        Device device = runtime.start();
        PngPairDataset data = (PngPairDataset) Runner.open(o.target, o.split, o.resize);
        try (NDManager manager = NDManager.newBaseManager(device)) {
            SegmentationModel model = Checkpoint.load(o.checkpoint, manager).model();
            boolean link = DatasetSpec.parse(o.target).resizeHW(o.resize) == null;
            o.print(o.margin != null ? PseudoLabeller.write(model, manager, data, o.margin, link, o.out)
                    : PseudoLabeller.writeKeepingShare(model, manager, data, o.keptShare, link, o.out));
        }
        return 0;
    }
}
