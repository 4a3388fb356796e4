package org.segadapt.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segadapt.cli.Main;

/** spark-pseudo-label against pseudo-label: the same files, byte for byte (labels and summary.json with its thresholds). */
class SparkPseudoLabelTest {
    @Test
    void sameFilesAsPseudoLabel(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.get();
        for (String[] choice : new String[][] {{"--margin", "0"}, {"--kept-share", "0.5"}}) {
            Path a = tmp.resolve("single" + choice[0]), b = tmp.resolve("spark" + choice[0]);
            String[] common = Fixture.concat(new String[] {"--checkpoint", f.checkpoint.toString(), "--target", f.target(), "--threads", "1"},
                    choice);
            assertThat(Main.execute(Fixture.concat(Fixture.concat(new String[] {"pseudo-label"}, common), "--out", a.toString()))).isZero();
            assertThat(SparkMain.execute(Fixture.concat(Fixture.concat(new String[] {"spark-pseudo-label"}, common), "--out", b.toString(),
                    "--master", "local[2]", "--partitions", "3"))).isZero();
            List<Path> files = files(a);
            assertThat(files(b)).isEqualTo(files);
            assertThat(files).contains(Path.of("summary.json")).hasSize(1 + 2 * 5);
            for (Path rel : files) {
                if (!Files.isSymbolicLink(a.resolve(rel))) {
                    assertThat(Files.readAllBytes(b.resolve(rel))).as(rel.toString()).isEqualTo(Files.readAllBytes(a.resolve(rel)));
                } else {
                    assertThat(Files.readSymbolicLink(b.resolve(rel))).isEqualTo(Files.readSymbolicLink(a.resolve(rel)));
                }
            }
            assertThat(Files.readString(a.resolve("summary.json"))).contains("centroidEntropy");
        }
    }

    private static List<Path> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> Files.isRegularFile(p) || Files.isSymbolicLink(p)).map(root::relativize).sorted().toList();
        }
    }
}
