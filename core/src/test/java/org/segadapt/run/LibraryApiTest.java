package org.segadapt.run;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.CategoryMask;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.ZooModel;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segadapt.data.streets.StreetBenchmark;
import org.segadapt.infer.Segmentation;
import org.segadapt.infer.Segmenter;
import org.segadapt.train.Checkpoint;

/** segadapt as a Java user sees it (issue 12): train and adapt from a {@link RunSpec}, then segment, without the CLI. */
class LibraryApiTest {
    @Test
    void trainAdaptAndSegmentWithoutTheCommandLine(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("streets");
        StreetBenchmark.generate(data, new StreetBenchmark.Spec(32, 64, 6, 4, 2, 7));
        String source = "gta5:" + data.resolve("source"), target = "cityscapes:" + data.resolve("target");
        RunSpec sourceOnly = RunSpec.builder().method("source-only").model("small").source(source).iterations(4).batch(2).crop(32, 64)
                .learningRate(0.01f).checkpointEvery(2).build();
        Path src = tmp.resolve("source"), focal = tmp.resolve("focal");
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Runner.train(sourceOnly, src, m, Runner.Options.quiet());
        }
        RunSpec stage1 = sourceOnly.toBuilder().method("focal").params(Recipes.defaults("focal")).target(target).init(src.toString()).build();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Runner.train(stage1, focal, m, Runner.Options.quiet());
        }
        assertThat(Checkpoint.readMeta(focal).iteration()).isEqualTo(4);
        assertThat(RunSpec.load(focal)).isEqualTo(stage1);

        List<Path> images;
        try (var s = Files.walk(data.resolve("target/leftImg8bit/val"))) {
            images = s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        BufferedImage image = ImageIO.read(images.get(0).toFile());
        Segmentation seg;
        try (Segmenter segmenter = Segmenter.load(focal, Device.cpu())) {
            seg = segmenter.segment(image);
            assertThat(segmenter.segment(images.get(0)).trainIds()).isEqualTo(seg.trainIds());
            List<Segmentation> batch = segmenter.segment(List.of(image, ImageIO.read(images.get(1).toFile())), 2);
            assertThat(batch).hasSize(2);
            assertThat(batch.get(0).trainIds()).isEqualTo(seg.trainIds());
        }
        assertThat(seg.height()).isEqualTo(image.getHeight());
        assertThat(seg.width()).isEqualTo(image.getWidth());
        for (int i = 0; i < seg.trainIds().length; i++) {
            assertThat(seg.confidence()[i]).isBetween(1f / 19, 1f);
            assertThat(seg.entropy()[i]).isBetween(0f, 1.0001f);
        }

        // the same network through DJL's model loader and predictor
        Image djlImage = ImageFactory.getInstance().fromImage(image);
        try (ZooModel<Image, CategoryMask> model = Segmenter.criteria(focal).loadModel();
                Predictor<Image, CategoryMask> predictor = model.newPredictor()) {
            CategoryMask mask = predictor.predict(djlImage);
            int[][] m = mask.getMask();
            assertThat(m).hasDimensions(seg.height(), seg.width());
            for (int y = 0; y < seg.height(); y++) {
                for (int x = 0; x < seg.width(); x++) {
                    assertThat(m[y][x]).as("pixel %d,%d", y, x).isEqualTo(seg.trainId(y, x));
                }
            }
            assertThat(mask.getClasses()).hasSize(19).startsWith("road");
        }
    }
}
