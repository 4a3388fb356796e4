package org.segadapt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segadapt.data.streets.StreetBenchmark;

/**
 * The same commands with the same seed, twice, give bit-identical metrics.csv and checkpoint files for every recipe:
 * source-only, an entropy baseline, TUFL stage 1 and 2, CaDA and its self-training rounds, CaDA's and BDL's (issue 11).
 */
class DeterminismTest {
    @Test
    void everyRecipeTwiceGivesTheSameBytes(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("streets");
        // plain cross-entropy's gap: there a 3-iteration network is confident enough for I_t to pass target pixels
        StreetBenchmark.generate(data, new StreetBenchmark.Spec(32, 64, 6, 4, 2, 7, StreetBenchmark.Spec.PLAIN_CE_GAP));
        Path a = chain(tmp.resolve("a"), data), b = chain(tmp.resolve("b"), data);
        for (String run : List.of("src", "src-weighted", "shannon", "shannon-reference", "focal", "focal-reference", "cim", "cim-reference", "cada", "ssl", "bdl")) {
            List<Path> files = files(a.resolve(run));
            assertThat(files).as(run).isNotEmpty().anyMatch(p -> p.endsWith("metrics.csv") || p.toString().endsWith(".csv"));
            assertThat(files).as(run).isEqualTo(files(b.resolve(run)));
            for (Path f : files) {
                assertThat(Files.readAllBytes(b.resolve(run).resolve(f))).as(run + "/" + f).isEqualTo(Files.readAllBytes(a.resolve(run).resolve(f)));
            }
        }
        // CaDA's report plots its discriminators' losses; no other recipe logs any
        assertThat(Files.readString(a.resolve("cada/report.md"))).contains("Discriminator losses");
        assertThat(a.resolve("cada/figures/discriminator-losses.png")).isRegularFile();
        assertThat(a.resolve("focal/figures/discriminator-losses.png")).doesNotExist();
        // CaDA's poly horizon is 250k iterations (Sec. 3.2), not the run's 3: the segmenter's lr barely moves
        List<String> cada = Files.readAllLines(a.resolve("cada/metrics.csv"));
        int lr = List.of(cada.get(0).split(",")).indexOf("lr");
        double first = Double.parseDouble(cada.get(1).split(",")[lr]), last = Double.parseDouble(cada.get(cada.size() - 1).split(",")[lr]);
        assertThat(last / first).isGreaterThan(0.9999);
        assertThat(Files.readAllLines(a.resolve("src-weighted/metrics.csv"))).isNotEqualTo(Files.readAllLines(a.resolve("src/metrics.csv")));
        // class weights and OHEM change L_s and L_u
        assertThat(Files.readAllLines(a.resolve("shannon-reference/metrics.csv"))).isNotEqualTo(Files.readAllLines(a.resolve("shannon/metrics.csv")));
        // the reference's per-image strong views are other draws than the batch-wise g
        assertThat(Files.readAllLines(a.resolve("focal-reference/metrics.csv"))).isNotEqualTo(Files.readAllLines(a.resolve("focal/metrics.csv")));
        assertThat(Files.readAllLines(a.resolve("bdl/metrics.csv")).get(0)).contains("L_ssl").contains("L_seg").contains("L_adv_seg");
        assertThat(Files.readAllLines(a.resolve("cada/metrics.csv")).get(0)).doesNotContain("L_ssl");
    }

    private static Path chain(Path runs, Path data) {
        String source = "gta5:" + data.resolve("source"), target = "cityscapes:" + data.resolve("target");
        String[] common = {"--crop", "32x64", "--batch", "2", "--iters", "3", "--no-progress", "--threads", "1", "--workers", "2",
            "--checkpoint-every", "2"};
        run(common, "train", "--source", source, "--model", "small", "--lr", "0.01", "--out", runs.resolve("src").toString());
        run(common, "train", "--source", source, "--model", "small", "--lr", "0.01", "--set", "classWeights=middle", "--out",
                runs.resolve("src-weighted").toString());
        String init = runs.resolve("src").toString();
        // the paper's equations (class weights are TUFL's default since 0.6): the reference's loss options below must differ
        run(common, "adapt", "--method", "shannon", "--class-weights", "none", "--source", source, "--target", target, "--init", init,
                "--out", runs.resolve("shannon").toString());
        // as above, so that the strong views show in L_u
        run(common, "adapt", "--method", "focal", "--class-weights", "none", "--source", source, "--target", target, "--init", init,
                "--out", runs.resolve("focal").toString());
        run(common, "adapt", "--method", "shannon", "--class-weights", "middle", "--ohem-ratio", "0.25", "--head-averaging", "--source", source,
                "--target", target, "--init", init, "--out", runs.resolve("shannon-reference").toString());
        run(common, "adapt", "--method", "focal", "--class-weights", "none", "--perturbation", "reference", "--source", source, "--target", target, "--init", init,
                "--out", runs.resolve("focal-reference").toString());
        run(common, "adapt", "--method", "cim", "--pseudo-labeller", runs.resolve("focal").toString(), "--source", source, "--target", target,
                "--init", init, "--out", runs.resolve("cim").toString());
        run(common, "adapt", "--method", "cim", "--paste-mode", "reference", "--pseudo-labeller", runs.resolve("focal").toString(), "--source",
                source, "--target", target, "--init", init, "--out", runs.resolve("cim-reference").toString());
        run(common, "adapt", "--method", "cada", "--source", source, "--target", target, "--init", init, "--out", runs.resolve("cada").toString());
        assertThat(Main.execute("pseudo-label", "--checkpoint", runs.resolve("cada").toString(), "--target", target, "--margin", "0",
                "--out", runs.resolve("pseudo").toString(), "--threads", "1")).isZero();
        run(common, "self-train", "--init", runs.resolve("cada").toString(), "--pseudo", runs.resolve("pseudo").toString(), "--target", target,
                "--rounds", "2", "--out", runs.resolve("ssl").toString());
        // BDL's self-training round: eq. (5) with L_ssl on the same pseudo-labels
        run(common, "adapt", "--method", "cada", "--pseudo-label-loss", "--source", source, "--target", "cityscapes:" + runs.resolve("pseudo"),
                "--init", runs.resolve("cada").toString(), "--out", runs.resolve("bdl").toString());
        return runs;
    }

    private static void run(String[] common, String... args) {
        String[] all = Stream.concat(Stream.of(args), Stream.of(common)).toArray(String[]::new);
        assertThat(Main.execute(all)).as(String.join(" ", all)).isZero();
    }

    /** Every file under {@code dir} that a run writes from its numbers (not times.csv, not the report), relative. */
    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(dir::relativize)
                    .filter(p -> { String n = p.getFileName().toString();
                        return n.endsWith(".csv") && !n.equals("times.csv") || n.endsWith(".params") || n.endsWith(".ndlist") || n.endsWith("state.json"); })
                    .sorted().toList();
        }
    }
}
