package org.segadapt.spark;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.segadapt.cli.PseudoLabelOptions;
import org.segadapt.data.DatasetSpec;
import org.segadapt.data.Sample;
import org.segadapt.data.sets.PngPairDataset;
import org.segadapt.eval.Evaluator;
import org.segadapt.infer.Segmenter;
import org.segadapt.io.Trees;
import org.segadapt.loss.mask.CategoryEntropyThreshold;
import org.segadapt.run.PseudoLabeller;
import org.segadapt.run.Runner;
import org.segadapt.train.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code pseudo-label} on Spark, CaDA eq. (1)–(3). Pass 1: each executor returns every image's centroid partial; the
 * driver adds them in image order, exactly the additions {@code pseudo-label} makes, so the thresholds are the same bits.
 * (Optional pass 1b: entropy-gap histograms for {@code --kept-share}, integer sums.) Pass 2: the thresholds broadcast,
 * every executor writes its images' labels into the output's temporary sibling, which the driver renames at the end.
 */
@Command(name = "spark-pseudo-label", mixinStandardHelpOptions = true,
        description = "CaDA category-adaptive pseudo-labels (eq. 1-3) on Spark: the same folder as pseudo-label.",
        footer = "%nExample:%n  ./segadapt spark-pseudo-label --master local[2] --checkpoint runs/cada "
                + "--target cityscapes:data/streets/target --margin 0 --out runs/cada-pseudo")
public final class SparkPseudoLabelCommand implements Callable<Integer> {
    @Mixin
    PseudoLabelOptions o; // checkpoint, target and out on storage every executor reads (and writes)

    @Mixin
    SparkOptions spark;

    record Job(String checkpoint, String target, String split, String resize, Models.Runtime runtime) implements Serializable {}

    /** One image's pass-1 share, keyed by its index so the driver adds them in the dataset's order. */
    record Centroids(int image, CategoryEntropyThreshold.Partial partial) implements Serializable {}

    /** Integer tallies of a partition: pass 1b histogram or pass 2 kept pixels per class, and pixels. */
    record Tally(long[] counts, long pixels) implements Serializable {
        Tally plus(Tally o) {
            long[] c = counts.clone();
            for (int i = 0; i < c.length; i++) {
                c[i] += o.counts[i];
            }
            return new Tally(c, pixels + o.pixels);
        }
    }

    @Override
    public Integer call() throws Exception {
        o.check();
        int classes = Checkpoint.readMeta(o.checkpoint).numClasses(); // names the folder if it is no checkpoint
        PngPairDataset data = (PngPairDataset) Runner.open(o.target, o.split, o.resize);
        PseudoLabeller.check(data, classes, o.out);
        int n = data.size();
        boolean link = DatasetSpec.parse(o.target).resizeHW(o.resize) == null;
        Job job = new Job(o.checkpoint.toAbsolutePath().toString(), o.target, o.split, o.resize, spark.runtime());
        PseudoLabeller.Summary summary;
        try (JavaSparkContext sc = spark.start("spark-pseudo-label")) {
            List<Range> ranges = Range.split(n, spark.slices(sc, n));
            var rdd = sc.parallelize(ranges, ranges.size());
            Progress.describe(sc, "spark-pseudo-label pass 1/2 (centroids)");
            List<Centroids> parts = new ArrayList<>(rdd.mapPartitions((Iterator<Range> it) -> centroids(job, it)).collect());
            parts.sort(Comparator.comparingInt(Centroids::image));
            CategoryEntropyThreshold threshold = new CategoryEntropyThreshold(classes, o.keptShare == null ? o.margin : 0);
            for (Centroids c : parts) {
                threshold.add(c.partial());
            }
            double delta = o.margin == null ? 0 : o.margin;
            if (o.keptShare != null) {
                Broadcast<CategoryEntropyThreshold> t1 = sc.broadcast(threshold);
                Progress.describe(sc, "spark-pseudo-label pass 1b (entropy gaps for --kept-share)");
                Tally gaps = rdd.mapPartitions((Iterator<Range> it) -> gaps(job, t1.value(), it)).reduce(Tally::plus);
                delta = PseudoLabeller.marginForShare(gaps.counts(), gaps.pixels(), o.keptShare, classes);
                threshold = threshold.withMargin(delta);
            }
            Broadcast<CategoryEntropyThreshold> t2 = sc.broadcast(threshold);
            Path tmp = PseudoLabeller.temporaryFolder(o.out);
            try {
                String root = tmp.toString();
                Progress.describe(sc, "spark-pseudo-label pass 2/2 (labels)");
                Tally kept = rdd.mapPartitions((Iterator<Range> it) -> label(job, t2.value(), root, link, it)).reduce(Tally::plus);
                summary = PseudoLabeller.summary(threshold, delta, o.keptShare, n, kept.pixels(), kept.counts());
                PseudoLabeller.finish(tmp, o.out, summary);
            } finally {
                Trees.delete(tmp);
            }
        }
        o.print(summary);
        return 0;
    }

    /** What one image gives, computed from its probabilities (all tensor work, freed with them). */
    private interface Compute<T> {
        T apply(int index, NDArray probabilities);
    }

    /** What is done with it afterwards, without the model (file writing). */
    private interface After<T> {
        void accept(int index, Sample s, T result) throws IOException;
    }

    /** Every image of the partition through {@code pseudo-label}'s arithmetic: its model (unfolded), one image at a time. */
    private static <T> void forEach(Job job, Iterator<Range> ranges, Compute<T> compute, After<T> after) throws IOException {
        PngPairDataset data = (PngPairDataset) Runner.open(job.target(), job.split(), job.resize());
        ai.djl.Device device = job.runtime().start();
        try (Models.Lease lease = Models.lease(job.checkpoint(), false, job.runtime())) { // pseudo-label runs BatchNorm unfolded
            Evaluator ev = new Evaluator(lease.segmenter().input(Segmenter.Input.whole()).multiScale(new double[] {1}, false));
            while (ranges.hasNext()) {
                Range r = ranges.next();
                for (int i = r.from(); i < r.to(); i++) {
                    Sample s = data.get(i);
                    T result;
                    try (NDManager m = NDManager.newBaseManager(device)) {
                        result = compute.apply(i, ev.probabilities(s, m));
                    }
                    after.accept(i, s, result);
                }
            }
        }
    }

    static Iterator<Centroids> centroids(Job job, Iterator<Range> ranges) throws IOException {
        List<Centroids> out = new ArrayList<>();
        CategoryEntropyThreshold t = new CategoryEntropyThreshold(org.segadapt.data.labels.ClassSet.NUM_CLASSES, 0);
        forEach(job, ranges, (i, p) -> t.partial(p), (i, s, partial) -> out.add(new Centroids(i, partial)));
        return out.iterator();
    }

    static Iterator<Tally> gaps(Job job, CategoryEntropyThreshold t, Iterator<Range> ranges) throws IOException {
        long[] hist = PseudoLabeller.gapHistogram();
        long[] pixels = {0};
        forEach(job, ranges, (i, p) -> PseudoLabeller.addGaps(t, p, hist), (i, s, px) -> pixels[0] += px);
        return List.of(new Tally(hist, pixels[0])).iterator();
    }

    static Iterator<Tally> label(Job job, CategoryEntropyThreshold t, String root, boolean link, Iterator<Range> ranges)
            throws IOException {
        PngPairDataset data = (PngPairDataset) Runner.open(job.target(), job.split(), job.resize());
        long[] kept = new long[t.counts().length];
        long[] pixels = {0};
        Path dir = Path.of(root);
        forEach(job, ranges, (i, p) -> PseudoLabeller.labelIds(p, t, kept), (i, s, ids) -> {
            pixels[0] += ids.length;
            PngPairDataset.Pair pair = data.pairs().get(i);
            // a retried task finds its earlier attempt's files: replace them
            Files.deleteIfExists(dir.resolve("leftImg8bit").resolve(PseudoLabeller.OUT_SPLIT).resolve(pair.name() + "_leftImg8bit.png"));
            Files.deleteIfExists(dir.resolve("gtFine").resolve(PseudoLabeller.OUT_SPLIT).resolve(pair.name() + "_gtFine_labelIds.png"));
            PseudoLabeller.writePair(dir, pair, s, ids, link);
        });
        return List.of(new Tally(kept, pixels[0])).iterator();
    }
}
