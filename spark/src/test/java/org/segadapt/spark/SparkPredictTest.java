package org.segadapt.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segadapt.cli.Main;

/** spark-predict writes predict's files, and a second run only fills in what is missing. */
class SparkPredictTest {
    @Test
    void samePredictionsAndResumes(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.get();
        String images = f.data.resolve("target/leftImg8bit/val").toString();
        Path a = tmp.resolve("single"), b = tmp.resolve("spark");
        String[] common = {"--checkpoint", f.checkpoint.toString(), "--input", images, "--entropy", "--threads", "1"};
        assertThat(Main.execute(Fixture.concat(Fixture.concat(new String[] {"predict"}, common), "--out", a.toString()))).isZero();
        String[] spark = Fixture.concat(Fixture.concat(new String[] {"spark-predict"}, common), "--out", b.toString(), "--master", "local[2]");
        assertThat(SparkMain.execute(spark)).isZero();
        List<Path> files = files(a);
        assertThat(files).hasSize(3 * 5);
        assertThat(files(b)).isEqualTo(files);
        for (Path rel : files) {
            assertThat(Files.readAllBytes(b.resolve(rel))).as(rel.toString()).isEqualTo(Files.readAllBytes(a.resolve(rel)));
        }

        // resume: one image's colour map lost, the others marked; only that image is predicted again
        FileTime old = FileTime.fromMillis(0);
        for (Path rel : files) {
            Files.setLastModifiedTime(b.resolve(rel), old);
        }
        Path lost = b.resolve(files.get(0));
        Files.delete(lost);
        Fixture.Outcome again = Fixture.capturingErr(() -> SparkMain.execute(spark));
        assertThat(again.rc()).isZero();
        assertThat(again.err()).contains("5 images, 4 already predicted (skipped), 1 to go");
        assertThat(files(b)).isEqualTo(files);
        long rewritten = files.stream().filter(rel -> !mtime(b.resolve(rel)).equals(old)).count();
        assertThat(rewritten).isBetween(1L, 3L); // the lost file, and its image's other outputs rewritten with it
        assertThat(Files.readAllBytes(lost)).isEqualTo(Files.readAllBytes(a.resolve(files.get(0))));

        // nothing left to do: no Spark job at all
        Fixture.Outcome done = Fixture.capturingErr(() -> SparkMain.execute(spark));
        assertThat(done.err()).contains("5 already predicted (skipped), 0 to go");
    }

    private static FileTime mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Path> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }
}
