package org.segadapt.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.segadapt.data.Sample;
import org.segadapt.data.SegmentationDataset;
import org.segadapt.data.labels.ClassSet;
import org.segadapt.eval.ConfusionMatrix;
import org.segadapt.eval.IoUReport;
import org.segadapt.eval.Report;
import org.segadapt.infer.Segmenter;
import org.segadapt.io.AtomicFile;
import org.segadapt.run.Provenance;
import org.segadapt.run.Runner;
import org.segadapt.train.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code evaluate} on Spark: one confusion matrix per partition of the images, summed on the driver (exact integers). */
@Command(name = "spark-evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a checkpoint on Spark: the images partitioned over executors, confusion matrices summed; "
                + "the same counts, IoU and JSON as evaluate.",
        footer = "%nExample:%n  ./segadapt spark-evaluate --master local[2] --checkpoint runs/source --data cityscapes:data/streets/target")
public final class SparkEvaluateCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, description = "run folder or checkpoint folder (a path every executor reads)")
    Path checkpoint;

    @Option(names = "--data", required = true, description = "labelled dataset, e.g. cityscapes:DIR (a path every executor reads)")
    String data;

    @Option(names = "--split", defaultValue = "val", description = "train | val (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--classes", defaultValue = "19", description = "protocol: 19, 16 or 13 (default: ${DEFAULT-VALUE})")
    int classes;

    @Option(names = "--resize", defaultValue = "none", description = "none | protocol | HxW")
    String resize;

    @Option(names = "--limit", defaultValue = "0", description = "evaluate the first N images only (0 = all)")
    int limit;

    @Option(names = "--json", description = "also write the result as JSON (on the driver)")
    Path json;

    @Option(names = "--scales", split = ",", defaultValue = "1", description = "test scales, probabilities averaged; default: ${DEFAULT-VALUE}")
    double[] scales;

    @Option(names = "--flip", description = "also average the mirrored image's probabilities")
    boolean flip;

    @Mixin
    SparkOptions spark;

    /** What a partition needs: all plain values, shipped with each task. */
    record Job(String checkpoint, String data, String split, String resize, double[] scales, boolean flip, Models.Runtime runtime)
            implements Serializable {}

    @Override
    public Integer call() throws Exception {
        ClassSet protocol = ClassSet.ofCount(classes);
        Path ck = Checkpoint.resolve(checkpoint); // fails here, naming the folder, before Spark starts
        if (scales.length == 0 || java.util.Arrays.stream(scales).anyMatch(s -> !(s > 0) || Double.isInfinite(s))) {
            throw new IllegalArgumentException("--scales must be positive numbers, got " + java.util.Arrays.toString(scales));
        }
        SegmentationDataset ds = Runner.open(data, split, resize);
        if (!ds.labelled()) {
            throw new IOException(ds.description() + ": has no labels to evaluate against");
        }
        int n = limit > 0 ? Math.min(limit, ds.size()) : ds.size();
        if (n == 0) {
            throw new IOException(ds.description() + ": empty dataset");
        }
        Job job = new Job(checkpoint.toAbsolutePath().toString(), data, split, resize, scales, flip, spark.runtime());
        ConfusionMatrix cm;
        try (JavaSparkContext sc = spark.start("spark-evaluate")) {
            List<Range> ranges = Range.split(n, spark.slices(sc, n));
            Progress.describe(sc, "spark-evaluate " + ds.description());
            cm = sc.parallelize(ranges, ranges.size()).mapPartitions((Iterator<Range> it) -> confusion(job, it)).reduce((a, b) -> {
                a.merge(b);
                return a;
            });
        }
        IoUReport r = IoUReport.of(cm, protocol, n);
        System.out.print(Report.textTable(Map.of(data + " (" + split + ")", r)));
        if (json != null) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            @SuppressWarnings("unchecked")
            Map<String, Object> out = mapper.convertValue(r, LinkedHashMap.class);
            out.put("checkpoint", ck.toString());
            out.put("checkpointFingerprint", Provenance.fingerprint(ck));
            out.put("data", data + " (" + split + ")");
            AtomicFile.write(json, o -> mapper.writeValue(o, out));
        }
        return 0;
    }

    /** One partition: its images decoded here, predicted by this JVM's model as {@code evaluate} predicts them. */
    static Iterator<ConfusionMatrix> confusion(Job job, Iterator<Range> ranges) throws IOException {
        SegmentationDataset ds = Runner.open(job.data(), job.split(), job.resize());
        ConfusionMatrix cm = new ConfusionMatrix();
        try (Models.Lease lease = Models.lease(job.checkpoint(), true, job.runtime())) {
            Segmenter seg = lease.segmenter().input(Segmenter.Input.whole()).multiScale(job.scales(), job.flip());
            while (ranges.hasNext()) {
                Range r = ranges.next();
                for (int i = r.from(); i < r.to(); i++) {
                    Sample s = ds.get(i);
                    cm.add(s.label(), seg.segment(s.image(), s.height(), s.width()).trainIds());
                }
            }
        }
        return List.of(cm).iterator();
    }
}
