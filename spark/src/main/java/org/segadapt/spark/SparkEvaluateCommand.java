package org.segadapt.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.segadapt.cli.EvaluateOptions;
import org.segadapt.data.Sample;
import org.segadapt.data.SegmentationDataset;
import org.segadapt.data.labels.ClassSet;
import org.segadapt.eval.ConfusionMatrix;
import org.segadapt.eval.IoUReport;
import org.segadapt.infer.Segmenter;
import org.segadapt.run.Runner;
import org.segadapt.train.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code evaluate} on Spark: one confusion matrix per partition of the images, summed on the driver (exact integers). */
@Command(name = "spark-evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a checkpoint on Spark: the images partitioned over executors, confusion matrices summed; "
                + "the same counts, IoU and JSON as evaluate (--checkpoint and --data: paths every executor reads).",
        footer = "%nExample:%n  ./segadapt spark-evaluate --master local[2] --checkpoint runs/source --data cityscapes:data/streets/target")
public final class SparkEvaluateCommand implements Callable<Integer> {
    @Mixin
    EvaluateOptions opts;

    @Mixin
    SparkOptions spark;

    /** What a partition needs: all plain values, shipped with each task. */
    record Job(String checkpoint, String data, String split, String resize, double[] scales, boolean flip, Models.Runtime runtime)
            implements Serializable {}

    @Override
    public Integer call() throws Exception {
        ClassSet protocol = opts.protocol();
        Path ck = Checkpoint.resolve(opts.checkpoint); // fails here, naming the folder, before Spark starts
        double[] scales = opts.scales;
        if (scales.length == 0 || java.util.Arrays.stream(scales).anyMatch(s -> !(s > 0) || Double.isInfinite(s))) {
            throw new IllegalArgumentException("--scales must be positive numbers, got " + java.util.Arrays.toString(scales));
        }
        SegmentationDataset ds = Runner.open(opts.data, opts.split, opts.resize);
        if (!ds.labelled()) {
            throw new IOException(ds.description() + ": has no labels to evaluate against");
        }
        int n = opts.limit > 0 ? Math.min(opts.limit, ds.size()) : ds.size();
        if (n == 0) {
            throw new IOException(ds.description() + ": empty dataset");
        }
        Job job = new Job(opts.checkpoint.toAbsolutePath().toString(), opts.data, opts.split, opts.resize, scales, opts.flip, spark.runtime());
        ConfusionMatrix cm;
        try (JavaSparkContext sc = spark.start("spark-evaluate")) {
            List<Range> ranges = Range.split(n, spark.slices(sc, n));
            Progress.describe(sc, "spark-evaluate " + ds.description());
            cm = sc.parallelize(ranges, ranges.size()).mapPartitions((Iterator<Range> it) -> confusion(job, it)).reduce((a, b) -> {
                a.merge(b);
                return a;
            });
        }
        opts.write(IoUReport.of(cm, protocol, n), ck); // on the driver
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
