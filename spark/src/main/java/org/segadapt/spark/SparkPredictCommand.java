package org.segadapt.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.segadapt.data.Png;
import org.segadapt.eval.Visualize;
import org.segadapt.infer.Segmentation;
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
    @Option(names = "--checkpoint", required = true, description = "run folder or checkpoint folder (a path every executor reads)")
    Path checkpoint;

    static final class Input {
        @Option(names = "--input", description = "an image file or a folder (searched recursively for PNG/JPEG)")
        Path input;

        @Option(names = "--list", description = "a text file naming one image per line (blank lines and # comments skipped)")
        Path list;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input in;

    @Option(names = "--out", required = true, description = "output folder (shared by the executors)")
    Path out;

    @Option(names = "--entropy", description = "also write normalised entropy maps")
    boolean entropy;

    @Option(names = "--format", defaultValue = "trainid", description = "raw prediction PNG: trainid (0..18) or labelid (Cityscapes ids)")
    String format;

    @Option(names = "--input-mode", defaultValue = "whole", description = "whole, resize:HxW or slide:HxW:STRIDE (as predict)")
    String inputMode;

    @Mixin
    SparkOptions spark;

    record Job(String checkpoint, String out, String format, boolean entropy, String inputMode, Models.Runtime runtime)
            implements Serializable {
        /** The files an image gives, named as {@code predict} names them. */
        List<Path> outputs(String image) {
            String stem = Path.of(image).getFileName().toString().replaceFirst("\\.[^.]+$", "");
            Path dir = Path.of(out);
            List<Path> files = new ArrayList<>(List.of(dir.resolve(stem + "_" + format + ".png"), dir.resolve(stem + "_color.png")));
            if (entropy) {
                files.add(dir.resolve(stem + "_entropy.png"));
            }
            return files;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (!format.equals("trainid") && !format.equals("labelid")) {
            throw new IllegalArgumentException("--format must be trainid or labelid, got '" + format + "'");
        }
        Segmenter.Input.parse(inputMode);
        Checkpoint.resolve(checkpoint);
        List<String> images = in.list != null ? listed(in.list) : found(in.input);
        Job job = new Job(checkpoint.toAbsolutePath().toString(), out.toAbsolutePath().toString(), format, entropy, inputMode, spark.runtime());
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
                Segmentation p = seg.segment(Path.of(image));
                List<Path> files = job.outputs(image);
                int h = p.height(), w = p.width();
                // Png writes each file through a temporary sibling and an atomic rename
                Png.writeGrey(files.get(0), h, w, job.format().equals("trainid") ? p.trainIds() : p.labelIds());
                Png.writePacked(files.get(1), h, w, p.colors());
                if (job.entropy()) {
                    Png.writePacked(files.get(2), h, w, Visualize.heat(p.entropy()));
                }
            }
        }
    }

    /** Images under a folder (or the one file), sorted, as {@code predict} finds them. */
    static List<String> found(Path input) throws IOException {
        if (Files.isRegularFile(input)) {
            return List.of(input.toAbsolutePath().toString());
        }
        if (!Files.isDirectory(input)) {
            throw new IOException("--input " + input + ": no such file or folder");
        }
        List<String> found;
        try (Stream<Path> s = Files.walk(input)) {
            found = s.filter(Files::isRegularFile).filter(p -> p.toString().toLowerCase().matches(".*\\.(png|jpe?g)$")).sorted()
                    .map(p -> p.toAbsolutePath().toString()).toList();
        }
        if (found.isEmpty()) {
            throw new IOException("--input " + input + ": no PNG or JPEG images found");
        }
        return found;
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
