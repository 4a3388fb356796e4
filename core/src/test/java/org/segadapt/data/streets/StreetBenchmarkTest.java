package org.segadapt.data.streets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segadapt.data.Png;
import org.segadapt.data.streets.StreetBenchmark.Manifest;
import org.segadapt.data.streets.StreetBenchmark.Spec;

class StreetBenchmarkTest {
    private static final Spec TINY = new Spec(32, 64, 3, 3, 2, 7);

    @TempDir
    Path tmp;

    @Test
    void sameSeedGivesIdenticalBytesAndAnotherSeedDoesNot() throws IOException {
        Path a = tmp.resolve("a"), b = tmp.resolve("b"), c = tmp.resolve("c");
        StreetBenchmark.generate(a, TINY, 2);
        StreetBenchmark.generate(b, TINY, 1);
        StreetBenchmark.generate(c, new Spec(32, 64, 3, 3, 2, 8), 2);
        for (Path f : List.of(StreetBenchmark.sourceImage(a, 2), StreetBenchmark.sourceLabel(a, 2),
                StreetBenchmark.targetImage(a, "train", 1), StreetBenchmark.targetLabel(a, "val", 1))) {
            Path rel = a.relativize(f);
            assertThat(Files.readAllBytes(b.resolve(rel))).as(rel.toString()).isEqualTo(Files.readAllBytes(f));
            assertThat(Files.readAllBytes(c.resolve(rel))).as(rel.toString()).isNotEqualTo(Files.readAllBytes(f));
        }
    }

    @Test
    void writesTheGta5AndCityscapesLayoutsWithValidLabelIds() throws IOException {
        Path out = tmp.resolve("bench");
        StreetBenchmark.generate(out, TINY, 2);
        Set<String> files;
        try (Stream<Path> s = Files.walk(out)) {
            files = s.filter(Files::isRegularFile).map(p -> out.relativize(p).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(files).contains("benchmark.json", "source/images/00000.png", "source/labels/00002.png",
                "target/leftImg8bit/train/aldbury/aldbury_000000_000000_leftImg8bit.png",
                "target/gtFine/train/brenfeld/brenfeld_000000_000001_gtFine_labelIds.png",
                "target/leftImg8bit/val/corvale/corvale_000000_000001_leftImg8bit.png",
                "target/gtFine/val/corvale/corvale_000000_000001_gtFine_labelIds.png");
        // 3 source pairs, 5 target pairs, manifest; nothing else (no temp files)
        assertThat(files).hasSize(2 * 3 + 2 * 5 + 1);
        Set<Integer> valid = Set.of(0, 1, 7, 8, 11, 12, 13, 17, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 31, 32, 33);
        for (String f : files) {
            if (f.endsWith("benchmark.json")) {
                continue;
            }
            Png.Planes p = Png.readRaw(out.resolve(f));
            assertThat(p.width()).as(f).isEqualTo(64);
            assertThat(p.height()).as(f).isEqualTo(32);
            boolean label = f.startsWith("source/labels") || f.contains("gtFine");
            assertThat(p.channels()).as(f).isEqualTo(label ? 1 : 3);
            if (label) {
                assertThat(p.bitDepth()).as(f).isEqualTo(8);
                for (int v : p.planes()[0]) {
                    assertThat(valid).as(f + " value " + v).contains(v);
                }
            }
            if (f.contains("leftImg8bit")) {
                String gt = f.replace("leftImg8bit/", "gtFine/").replace("_leftImg8bit.png", "_gtFine_labelIds.png");
                assertThat(files).as("label of " + f).contains(gt);
            }
        }
        // the source label PNG is a palette PNG whose colours are the Cityscapes colours (road purple)
        int[] size = new int[2];
        float[] rgb = Png.readRgb(StreetBenchmark.sourceLabel(out, 0), size);
        int[] ids = Png.readRaw(StreetBenchmark.sourceLabel(out, 0)).planes()[0];
        int road = -1;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == Ids.ROAD) {
                road = i;
                break;
            }
        }
        assertThat(road).isNotNegative();
        int n = size[0] * size[1];
        assertThat(new float[] {rgb[road] * 255, rgb[n + road] * 255, rgb[2 * n + road] * 255})
                .containsExactly(128f, 64f, 128f);
    }

    @Test
    void allNineteenClassesAppearInBothDomainsOverASmallSet() {
        for (Domain d : Domain.values()) {
            Set<Integer> seen = new TreeSet<>();
            for (int i = 0; i < 150 && seen.size() < 21; i++) {
                Frame f = StreetBenchmark.render(d, 48, 96, 1, "train", i);
                for (byte b : f.labelIds()) {
                    seen.add(b & 0xFF);
                }
            }
            for (int id : Ids.CLASSES) {
                assertThat(seen).as(d + " class " + id).contains(id);
            }
        }
    }

    @Test
    void secondRunWithTheSameSpecIsANoOpAndAnotherSpecRegenerates() throws IOException {
        Path out = tmp.resolve("bench");
        Manifest first = StreetBenchmark.generate(out, TINY, 2);
        Path manifest = out.resolve(StreetBenchmark.MANIFEST);
        Path img = StreetBenchmark.sourceImage(out, 2);
        FileTime old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(manifest, old);
        Files.setLastModifiedTime(img, old);

        Manifest again = StreetBenchmark.generate(out, TINY, 2);
        assertThat(again).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(manifest)).isEqualTo(old);
        assertThat(Files.getLastModifiedTime(img)).isEqualTo(old);

        Spec fewer = new Spec(32, 64, 2, 3, 2, 7);
        Manifest second = StreetBenchmark.generate(out, fewer, 2);
        assertThat(second.spec()).isEqualTo(fewer);
        assertThat(StreetBenchmark.readManifest(out)).hasValue(second);
        assertThat(img).doesNotExist();
        assertThat(Files.getLastModifiedTime(manifest)).isNotEqualTo(old);
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("bench");
        }
    }

    @Test
    void refusesToOverwriteAForeignDirectory() throws IOException {
        Path out = tmp.resolve("mine");
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "keep me");
        assertThatThrownBy(() -> StreetBenchmark.generate(out, TINY, 1))
                .isInstanceOf(IOException.class).hasMessageContaining(out.toString()).hasMessageContaining("refusing");
        assertThat(out.resolve("notes.txt")).hasContent("keep me");
    }

    @Test
    void rejectsBadSpecs() {
        assertThatThrownBy(() -> new Spec(8, 64, 1, 1, 1, 1)).hasMessageContaining("8x64");
        assertThatThrownBy(() -> new Spec(32, 64, -1, 1, 1, 1)).hasMessageContaining("source -1");
    }
}
