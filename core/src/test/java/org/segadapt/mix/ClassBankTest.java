package org.segadapt.mix;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segadapt.data.DataFixtures;
import org.segadapt.data.Datasets;
import org.segadapt.data.SegmentationDataset;

class ClassBankTest {
    /** GTA5 labelIds: 7 road(0), 24 person(11), 26 car(13), 0 unlabelled(255). */
    private static void fixture(Path dir) throws Exception {
        int[] a = new int[24], b = new int[24], c = new int[24];
        Arrays.fill(a, 7);
        a[0] = 24;
        a[1] = 24;
        Arrays.fill(b, 26);
        b[5] = 0;
        Arrays.fill(c, 7);
        Arrays.fill(c, 0, 6, 26);
        DataFixtures.gta5(dir, "00001", 4, 6, a, 1);
        DataFixtures.gta5(dir, "00002", 4, 6, b, 2);
        DataFixtures.gta5(dir, "00003", 4, 6, c, 3);
    }

    private static SegmentationDataset open(Path dir) throws Exception {
        return Datasets.open("gta5:" + dir, null, null);
    }

    @Test
    void indexesSamplesPerClassWithPixelCounts(@TempDir Path dir) throws Exception {
        fixture(dir);
        ClassBank bank = ClassBank.load(open(dir), dir.resolve(ClassBank.CACHE_NAME));
        assertThat(bank.origin()).startsWith("built (no cache yet)");
        int[] counts = bank.counts();
        assertThat(counts[0]).isEqualTo(2);
        assertThat(counts[11]).isEqualTo(1);
        assertThat(counts[13]).isEqualTo(2);
        assertThat(Arrays.stream(counts).sum()).isEqualTo(5);
        assertThat(bank.samplesWith(11)).containsExactly(new ClassBank.Entry(0, "00001", 2));
        assertThat(bank.samplesWith(13)).containsExactly(new ClassBank.Entry(1, "00002", 23), new ClassBank.Entry(2, "00003", 6));
        assertThat(bank.samplesWith(0)).containsExactly(new ClassBank.Entry(0, "00001", 22), new ClassBank.Entry(2, "00003", 18));
        assertThat(bank.samplesWith(18)).isEmpty();
        assertThat(bank.pixelTotals()[13]).isEqualTo(29);

        ClassBank again = ClassBank.load(open(dir), dir.resolve(ClassBank.CACHE_NAME));
        assertThat(again.origin()).startsWith("read from");
        assertThat(again.samplesWith(13)).isEqualTo(bank.samplesWith(13));
        assertThat(ClassBank.defaultCacheFile(open(dir))).isEqualTo(dir.resolve(ClassBank.CACHE_NAME));
    }

    @Test
    void aTouchedOrRenamedFileMakesTheCacheStale(@TempDir Path dir) throws Exception {
        fixture(dir);
        Path cache = dir.resolve(ClassBank.CACHE_NAME);
        ClassBank.load(open(dir), cache);
        Path label = dir.resolve("labels/00002.png");
        Files.setLastModifiedTime(label, FileTime.fromMillis(Files.getLastModifiedTime(label).toMillis() + 5000));
        assertThat(ClassBank.load(open(dir), cache).origin()).contains("stale");
        assertThat(ClassBank.load(open(dir), cache).origin()).startsWith("read from");

        Files.move(dir.resolve("images/00003.png"), dir.resolve("images/00009.png"));
        Files.move(dir.resolve("labels/00003.png"), dir.resolve("labels/00009.png"));
        ClassBank renamed = ClassBank.load(open(dir), cache);
        assertThat(renamed.origin()).contains("stale");
        assertThat(renamed.samplesWith(13).get(1).name()).isEqualTo("00009");

        // another resize is another bank
        ClassBank resized = ClassBank.load(Datasets.open("gta5:" + dir, null, new int[] {2, 3}), cache);
        assertThat(resized.origin()).contains("stale");
        assertThat(Arrays.stream(resized.pixelTotals()).sum()).isLessThanOrEqualTo(3 * 6); // 2x3 samples instead of 4x6
    }

    @Test
    void aCorruptOrTamperedCacheIsRebuilt(@TempDir Path dir) throws Exception {
        fixture(dir);
        Path cache = dir.resolve(ClassBank.CACHE_NAME);
        ClassBank.load(open(dir), cache);
        String good = Files.readString(cache);

        Files.writeString(cache, good.substring(0, good.length() / 2));
        ClassBank fixed = ClassBank.load(open(dir), cache);
        assertThat(fixed.origin()).contains("invalid").contains(cache.toString());
        assertThat(fixed.counts()[13]).isEqualTo(2);
        assertThat(Files.readString(cache)).isEqualTo(good);

        Files.writeString(cache, good.replace("[22,", "[-22,"));
        assertThat(ClassBank.load(open(dir), cache).origin()).contains("bad pixel count");
        Files.writeString(cache, "[]");
        assertThat(ClassBank.load(open(dir), cache).origin()).contains("not a JSON object");
        assertThat(ClassBank.load(open(dir), cache).origin()).startsWith("read from");
    }

    @Test
    void aDatasetWithoutAFolderIsCachedInTheUserCacheFolder() throws Exception {
        MemoryDataset ds = new MemoryDataset(List.of(MemoryDataset.sample("x", 2, 2, 0f, new int[] {1, 1, 2, 255})));
        Path f = ClassBank.defaultCacheFile(ds);
        assertThat(f).isEqualTo(ClassBank.fallbackCacheFile(ds));
        assertThat(f.toString()).contains(Path.of(".cache", "segadapt").toString());
        assertThat(ClassBank.build(ds).counts()[1]).isEqualTo(1);
    }
}
