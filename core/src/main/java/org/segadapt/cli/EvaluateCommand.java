package org.segadapt.cli;

import org.segadapt.run.Runner;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.segadapt.data.SegmentationDataset;
import org.segadapt.data.labels.ClassSet;
import org.segadapt.eval.IoUReport;
import org.segadapt.eval.Report;
import org.segadapt.io.AtomicFile;
import org.segadapt.run.Provenance;
import org.segadapt.infer.Segmenter;
import org.segadapt.model.layers.ConvBn;
import org.segadapt.train.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Per-class IoU, mIoU and pixel accuracy of a checkpoint on a labelled set. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a checkpoint: confusion matrix, per-class IoU, mIoU, pixel accuracy (19/16/13 classes).",
        footer = "%nExample:%n  ./segadapt evaluate --checkpoint runs/source --data cityscapes:data/streets/target "
                + "--split val --classes 19 --json runs/source/eval.json")
public final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, description = "run folder or checkpoint folder")
    Path checkpoint;

    @Option(names = "--data", required = true, description = "labelled dataset, e.g. cityscapes:DIR")
    String data;

    @Option(names = "--split", defaultValue = "val", description = "train | val (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--classes", defaultValue = "19", description = "protocol: 19, 16 or 13 (default: ${DEFAULT-VALUE})")
    int classes;

    @Option(names = "--resize", defaultValue = "none", description = "none | protocol | HxW")
    String resize;

    @Option(names = "--limit", defaultValue = "0", description = "evaluate the first N images only (0 = all)")
    int limit;

    @Option(names = "--json", description = "also write the result as JSON")
    Path json;

    @Option(names = "--scales", split = ",", defaultValue = "1", description = "test scales, probabilities averaged "
            + "(the reference: 0.5,0.75,1,1.25,1.5,1.75); default: ${DEFAULT-VALUE}")
    double[] scales;

    @Option(names = "--flip", description = "also average the mirrored image's probabilities")
    boolean flip;

    @Mixin
    Cli.Runtime runtime;

    @Override
    public Integer call() throws Exception {
        ClassSet protocol = ClassSet.ofCount(classes);
        var device = runtime.start();
        SegmentationDataset ds = Runner.open(data, split, resize);
        try (NDManager manager = NDManager.newBaseManager(device)) {
            Checkpoint.Loaded ck = Checkpoint.load(checkpoint, manager);
            ConvBn.fold(ck.model(), true); // inference only, as Segmenter.load
            IoUReport r = Runner.evaluate(Segmenter.of(ck.model(), manager).multiScale(scales, flip), ds, protocol, limit);
            Runner.warnUnknownLabels(ds);
            System.out.print(Report.textTable(Map.of(data + " (" + split + ")", r)));
            if (json != null) {
                ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                @SuppressWarnings("unchecked")
                Map<String, Object> out = mapper.convertValue(r, java.util.LinkedHashMap.class);
                out.put("checkpoint", ck.dir().toString());
                out.put("checkpointFingerprint", Provenance.fingerprint(ck.dir()));
                out.put("data", data + " (" + split + ")");
                AtomicFile.write(json, o -> mapper.writeValue(o, out));
            }
        }
        return 0;
    }
}
