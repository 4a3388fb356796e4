package org.segadapt.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segadapt.cli.Main;
import org.segadapt.data.DataFixtures;
import org.segadapt.data.Datasets;
import org.segadapt.data.sets.PngPairDataset;
import org.segadapt.data.streets.StreetBenchmark;

/** {@code translate}: the source's layout and labels kept, a manifest, resume, refusals. */
class TranslationTest {
    @TempDir
    Path dir;
    private NDManager manager;

    @BeforeEach
    void open() throws Exception {
        manager = NDManager.newBaseManager();
        StreetBenchmark.generate(dir.resolve("data"), new StreetBenchmark.Spec(32, 64, 4, 3, 1, 5));
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private Translation.Result fda(Path out, double beta) throws Exception {
        PngPairDataset source = Datasets.open("gta5:" + dir.resolve("data/source"), "train", null);
        var target = Datasets.open("cityscapes:" + dir.resolve("data/target"), "train", null);
        return Translation.run(source, "gta5:" + dir.resolve("data/source"), dir.resolve("data/source"),
                new FdaTranslator(target, beta, 1, manager), out, false);
    }

    @Test
    void writesTheSourcesLayoutWithTranslatedImagesAndTheLabelsByteForByte() throws Exception {
        Path out = dir.resolve("fda");
        Translation.Result r = fda(out, 0.1);
        assertThat(r.translated()).isEqualTo(4);
        PngPairDataset a = Datasets.open("gta5:" + dir.resolve("data/source"), "train", null), b = Datasets.open("gta5:" + out, "train", null);
        assertThat(b.size()).isEqualTo(a.size());
        for (int i = 0; i < a.size(); i++) {
            PngPairDataset.Pair p = a.pairs().get(i), q = b.pairs().get(i);
            assertThat(q.name()).isEqualTo(p.name());
            assertThat(Files.readAllBytes(q.label())).isEqualTo(Files.readAllBytes(p.label()));
            assertThat(b.get(i).image()).isNotEqualTo(a.get(i).image());
            assertThat(b.get(i).label()).isEqualTo(a.get(i).label());
        }
        Translation.Manifest m = Translation.read(out.resolve(Translation.MANIFEST));
        assertThat(m.complete()).isTrue();
        assertThat(m.method()).isEqualTo("fda");
        assertThat(m.parameters()).containsEntry("beta", 0.1);
    }

    @Test
    void anInterruptedTranslationContinuesWhereItStoppedWithTheSameDraws() throws Exception {
        Path out = dir.resolve("fda");
        fda(out, 0.1);
        Path image = out.resolve("images").resolve(Files.list(out.resolve("images")).sorted().toList().get(2).getFileName());
        byte[] before = Files.readAllBytes(image);
        Files.delete(image);
        Translation.Result r = fda(out, 0.1);
        assertThat(r.translated()).isEqualTo(1);
        assertThat(r.skipped()).isEqualTo(3);
        assertThat(Files.readAllBytes(image)).isEqualTo(before);
    }

    @Test
    void anotherTranslationIntoTheSameFolderIsRefused() throws Exception {
        Path out = dir.resolve("fda");
        fda(out, 0.1);
        assertThatThrownBy(() -> fda(out, 0.2)).hasMessageContaining(out.toString()).hasMessageContaining("other inputs or parameters");
        assertThatThrownBy(() -> fda(dir.resolve("data/source"), 0.1)).hasMessageContaining("is the source folder");
    }

    @Test
    void synthiaSixteenBitLabelsAreCopiedUntouched() throws Exception {
        Path syn = dir.resolve("synthia");
        DataFixtures.synthia(syn, "0000001", 3, 3, new int[] {3, 4, 2, 21, 11, 1, 0, 22, 30}, 1);
        DataFixtures.synthia(syn, "0000002", 3, 3, new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 2);
        PngPairDataset source = Datasets.open("synthia:" + syn, "train", null);
        var target = Datasets.open("cityscapes:" + dir.resolve("data/target"), "train", null);
        Path out = dir.resolve("synthia-fda");
        Translation.run(source, "synthia:" + syn, syn, new FdaTranslator(target, 0.2, 1, manager), out, false);
        for (String n : List.of("0000001", "0000002")) {
            assertThat(Files.readAllBytes(out.resolve("GT/LABELS/" + n + ".png"))).isEqualTo(Files.readAllBytes(syn.resolve("GT/LABELS/" + n + ".png")));
            assertThat(out.resolve("RGB/" + n + ".png")).isRegularFile();
        }
        assertThat(Datasets.open("synthia:" + out, "train", null).get(0).label()).isEqualTo(source.get(0).label());
    }

    @Test
    void theCommandWritesAReportAndRefusesBadOptionsInOneLine() throws Exception {
        String src = "gta5:" + dir.resolve("data/source"), tgt = "cityscapes:" + dir.resolve("data/target");
        Path out = dir.resolve("cli");
        assertThat(Main.execute("translate", "--method", "fda", "--fda-beta", "0.1", "--source", src, "--target", tgt, "--out", out.toString(),
                "--no-progress")).isZero();
        assertThat(Files.readString(out.resolve("report.md"))).contains("translated source", "figures/translation-00.png");
        assertThat(out.resolve("figures/translation-00.png")).isRegularFile();
        assertThat(Main.execute("translate", "--method", "warp", "--source", src, "--target", tgt, "--out", out.toString())).isEqualTo(1);
        assertThat(Main.execute("translate", "--method", "cyclegan", "--source", src, "--target", tgt, "--out", out.toString())).isEqualTo(1);
        assertThat(Main.execute("translate", "--method", "fda", "--fda-beta", "0.7", "--source", src, "--target", tgt, "--out",
                dir.resolve("other").toString())).isEqualTo(1);
        assertThat(dir.resolve("other")).doesNotExist();
    }
}
