package org.segadapt.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.segadapt.cli.PredictOptions;
import org.segadapt.infer.Segmenter;
import org.segadapt.train.Checkpoint;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code predict} on Spark, resumable: images whose outputs all exist are skipped, and every PNG is written to a
 * temporary sibling and renamed ({@link Png}), so a killed job leaves whole files or none, never half a file.
 */
@Command(name = "spark-predict", mixinStandardHelpOptions = true,
        description = "Predict label maps for a folder (or a list file) of images on Spark; resumable, atomic per file.",
        footer = "%nExample:%n  ./segadapt spark-predict --master local[2] --checkpoint runs/source "
                + "--input data/streets/target/leftImg8bit/val --out runs/source/pred --entropy")
public final class SparkPredictCommand implements Callable<Integer> {
    @Mixin
    PredictOptions options;

    static final class Input {
        @Option(names = "--input", description = "an image file or a folder (searched recursively for PNG/JPEG)")
        Path input;

        @Option(names = "--list", description = "a text file naming one image per line (blank lines and # comments skipped)")
        Path list;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input in;

    @Mixin
    SparkOptions spark;

    record Job(String checkpoint, String out, String format, boolean entropy, String inputMode, Models.Runtime runtime)
            implements Serializable {
        List<Path> outputs(String image) {
            return PredictOptions.outputs(Path.of(out), image, format, entropy);
        }
    }

    @Override
    public Integer call() throws Exception {
        options.check();
        Checkpoint.resolve(options.checkpoint);
        List<String> images = in.list != null ? listed(in.list)
                : PredictOptions.images(in.input).stream().map(p -> p.toAbsolutePath().toString()).toList();
        Path out = options.out;
        Job job = new Job(options.checkpoint.toAbsolutePath().toString(), out.toAbsolutePath().toString(), options.format, options.entropy,
                options.inputMode, spark.runtime());
        List<String> todo = images.stream().filter(i -> !job.outputs(i).stream().allMatch(Files::isRegularFile)).toList();
        System.err.printf("spark-predict: %d images, %d already predicted (skipped), %d to go%n", images.size(),
                images.size() - todo.size(), todo.size());
        Files.createDirectories(out);
        if (!todo.isEmpty()) {
            try (JavaSparkContext sc = spark.start("spark-predict")) {
                Progress.describe(sc, "spark-predict");
                sc.parallelize(todo, spark.slices(sc, todo.size())).foreachPartition((Iterator<String> it) -> predict(job, it));
            }
        }
        System.out.printf("%d predictions written to %s (%d skipped)%n", todo.size(), out, images.size() - todo.size());
        return 0;
    }

    static void predict(Job job, Iterator<String> images) throws IOException {
        try (Models.Lease lease = Models.lease(job.checkpoint(), true, job.runtime())) { // folded, as predict loads it
            Segmenter seg = lease.segmenter().input(Segmenter.Input.parse(job.inputMode())).multiScale(new double[] {1}, false);
            while (images.hasNext()) {
                String image = images.next();
                PredictOptions.write(seg.segment(Path.of(image)), job.outputs(image), job.format());
            }
        }
    }

    /** The images a list file names (relative names against the list's folder). */
    static List<String> listed(Path list) throws IOException {
        if (!Files.isRegularFile(list)) {
            throw new IOException("--list " + list + ": no such file");
        }
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(list)) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                Path p = list.toAbsolutePath().getParent().resolve(t);
                if (!Files.isRegularFile(p)) {
                    throw new IOException("--list " + list + ": " + t + ": no such image");
                }
                out.add(p.toString());
            }
        }
        if (out.isEmpty()) {
            throw new IOException("--list " + list + ": names no images");
        }
        return out;
    }
}
