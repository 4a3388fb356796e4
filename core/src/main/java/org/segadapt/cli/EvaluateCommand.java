package org.segadapt.cli;

import org.segadapt.run.Runner;
import ai.djl.ndarray.NDManager;
import java.util.concurrent.Callable;
import org.segadapt.data.SegmentationDataset;
import org.segadapt.data.labels.ClassSet;
import org.segadapt.eval.IoUReport;
import org.segadapt.infer.Segmenter;
import org.segadapt.model.layers.ConvBn;
import org.segadapt.train.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Per-class IoU, mIoU and pixel accuracy of a checkpoint on a labelled set. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a checkpoint: confusion matrix, per-class IoU, mIoU, pixel accuracy (19/16/13 classes).",
        footer = "%nExample:%n  ./segadapt evaluate --checkpoint runs/source --data cityscapes:data/streets/target "
                + "--split val --classes 19 --json runs/source/eval.json")
public final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    EvaluateOptions opts;

    @Mixin
    Cli.Runtime runtime;

    @Override
    public Integer call() throws Exception {
        ClassSet protocol = opts.protocol();
        var device = runtime.start();
        SegmentationDataset ds = Runner.open(opts.data, opts.split, opts.resize);
        try (NDManager manager = NDManager.newBaseManager(device)) {
            Checkpoint.Loaded ck = Checkpoint.load(opts.checkpoint, manager);
            ConvBn.fold(ck.model(), true); // inference only, as Segmenter.load
            IoUReport r = Runner.evaluate(Segmenter.of(ck.model(), manager).multiScale(opts.scales, opts.flip), ds, protocol, opts.limit);
            Runner.warnUnknownLabels(ds);
            opts.write(r, ck.dir());
        }
        return 0;
    }
}
