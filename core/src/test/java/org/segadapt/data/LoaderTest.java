package org.segadapt.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoaderTest {
    /** In-memory dataset; sample i is height·width with label values i % 19 and image values from i. */
    record Memory(int[][] sizes, boolean labelled) implements SegmentationDataset {
        public String description() {
            return "memory";
        }

        public int size() {
            return sizes.length;
        }

        public Sample get(int i) {
            int h = sizes[i][0], w = sizes[i][1];
            byte[] lbl = new byte[h * w];
            java.util.Arrays.fill(lbl, (byte) (i % 19));
            return new Sample("s" + i, h, w, DataFixtures.rgb(h, w, i), labelled ? lbl : null);
        }
    }

    static Memory uniform(int n, int h, int w) {
        int[][] sizes = new int[n][];
        for (int i = 0; i < n; i++) {
            sizes[i] = new int[] {h, w};
        }
        return new Memory(sizes, true);
    }

    static List<Batch> take(Loader l, int k) throws IOException {
        List<Batch> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            out.add(l.next());
        }
        return out;
    }

    @Test
    void trainingIsDeterministicPerSeedWhateverTheThreadCount() throws IOException {
        TrainTransform t = new TrainTransform(6, 7, 0.75f, 1.5f, true);
        Memory ds = uniform(5, 10, 12);
        List<Batch> a, b, c;
        try (Loader one = Loader.training(ds, 2, t, 42, 1, 1);
                Loader many = Loader.training(ds, 2, t, 42, 4, 3);
                Loader other = Loader.training(ds, 2, t, 43, 2, 2)) {
            a = take(one, 6);
            b = take(many, 6);
            c = take(other, 6);
        }
        for (int i = 0; i < 6; i++) {
            assertThat(b.get(i).names()).isEqualTo(a.get(i).names());
            assertThat(b.get(i).images()).containsExactly(a.get(i).images());
            assertThat(b.get(i).labels()).containsExactly(a.get(i).labels());
            assertThat(a.get(i).height()).isEqualTo(6);
            assertThat(a.get(i).width()).isEqualTo(7);
            assertThat(a.get(i).n()).isEqualTo(2);
        }
        boolean differs = false;
        for (int i = 0; i < 6; i++) {
            differs |= !java.util.Arrays.equals(a.get(i).images(), c.get(i).images());
        }
        assertThat(differs).as("another seed gives other batches").isTrue();
    }

    /** A resumed run's loader: skipping k batches gives exactly batches k, k+1, … of a fresh loader (across epochs). */
    @Test
    void skippingBatchesContinuesWhereTheUninterruptedLoaderWouldBe() throws IOException {
        TrainTransform t = new TrainTransform(6, 7, 0.75f, 1.5f, true);
        Memory ds = uniform(5, 10, 12);
        List<Batch> all, rest;
        try (Loader fresh = Loader.training(ds, 2, t, 42, 2, 2); Loader resumed = Loader.training(ds, 2, t, 42, 2, 2, 4)) {
            all = take(fresh, 8);
            rest = take(resumed, 4);
        }
        for (int i = 0; i < 4; i++) {
            assertThat(rest.get(i).names()).isEqualTo(all.get(4 + i).names());
            assertThat(rest.get(i).images()).containsExactly(all.get(4 + i).images());
        }
        assertThat(all.get(0).names()).isNotEqualTo(rest.get(0).names()); // batch 4 is another part of the permutation
    }

    @Test
    void eachEpochVisitsEverySampleOnceInAFreshOrder() throws IOException {
        Memory ds = uniform(6, 4, 4);
        List<String> names = new ArrayList<>();
        try (Loader l = Loader.training(ds, 1, new TrainTransform(4, 4, 1f, 1f, false), 3, 2, 2)) {
            for (Batch b : take(l, 12)) {
                names.addAll(b.names());
            }
        }
        Set<String> all = Set.of("s0", "s1", "s2", "s3", "s4", "s5");
        assertThat(new HashSet<>(names.subList(0, 6))).isEqualTo(all);
        assertThat(new HashSet<>(names.subList(6, 12))).isEqualTo(all);
        assertThat(names.subList(0, 6)).isNotEqualTo(names.subList(6, 12));
    }

    @Test
    void trainingOnUnlabelledTargetGivesImagesOnly() throws IOException {
        Memory ds = new Memory(new int[][] {{3, 3}, {5, 5}}, false);
        try (Loader l = Loader.training(ds, 2, new TrainTransform(4, 4, 1f, 1f, true), 1, 1, 1)) {
            Batch b = l.next();
            assertThat(b.labels()).isNull();
            assertThat(b.n()).isEqualTo(2);
            assertThat(b.height()).isEqualTo(4);
        }
    }

    @Test
    void evaluationIsOneOrderedPassInSameSizeBatches() throws IOException {
        Memory ds = new Memory(new int[][] {{4, 4}, {4, 4}, {2, 3}, {4, 4}, {4, 4}, {4, 4}, {4, 4}}, false);
        List<Batch> batches = new ArrayList<>();
        try (Loader l = Loader.evaluation(ds, 3, 3, 2)) {
            while (l.hasNext()) {
                batches.add(l.next());
            }
        }
        assertThat(batches).extracting(Batch::names).containsExactly(
                List.of("s0", "s1"), List.of("s2"), List.of("s3", "s4", "s5"), List.of("s6"));
        assertThat(batches.get(1).height()).isEqualTo(2);
        assertThat(batches.get(0).labels()).isNull();
        assertThat(batches.get(2).images()).startsWith(DataFixtures.rgb(4, 4, 3)); // not augmented
    }

    @Test
    void workerFailureIsRethrownWithTheFileName(@TempDir Path dir) throws IOException {
        for (int i = 0; i < 4; i++) {
            DataFixtures.gta5(dir, "0000" + i, 4, 4, new int[16], i);
        }
        // intact header and IEND chunk, corrupt pixel data: only decoding finds it
        byte[] png = Files.readAllBytes(dir.resolve("images/00002.png"));
        for (int i = 40; i < png.length - 16; i++) {
            png[i] = 7;
        }
        Files.write(dir.resolve("images/00002.png"), png);
        SegmentationDataset ds = Datasets.open("gta5:" + dir, null, null);
        try (Loader l = Loader.evaluation(ds, 1, 2, 4)) {
            l.next();
            l.next();
            assertThatThrownBy(l::next).isInstanceOf(IOException.class)
                    .hasMessageContaining("sample #2")
                    .hasMessageContaining(dir.resolve("images/00002.png").toString());
        }
    }
}
