package org.segadapt.mix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.segadapt.data.Sample;

class LongTailPasterTest {
    /** n·n label filled with {@code base}, with class {@code c} on rows [y0,y1) and cols [x0,x1). */
    static int[] block(int h, int w, int base, int c, int y0, int y1, int x0, int x1) {
        int[] l = new int[h * w];
        Arrays.fill(l, base);
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                l[y * w + x] = c;
            }
        }
        return l;
    }

    private static float[] alphas(float rest) {
        float[] a = new float[19];
        Arrays.fill(a, rest);
        return a;
    }

    @Test
    void classesAreDrawnWithSoftmaxOfInverseThresholdsOverTheBanksClasses() throws Exception {
        // the bank holds classes 0, 5, 11, 13 only
        MemoryDataset ds = new MemoryDataset(List.of(
                MemoryDataset.sample("a", 4, 4, 0.1f, block(4, 4, 0, 5, 0, 2, 0, 2)),
                MemoryDataset.sample("b", 4, 4, 0.2f, block(4, 4, 11, 13, 1, 3, 1, 3))));
        ClassBank bank = ClassBank.build(ds);
        float[] a = alphas(0.9f);
        a[0] = 0.5f;   // 1/α = 2
        a[5] = 1.0f;   // 1
        a[11] = 0.25f; // 4
        a[13] = 0.5f;  // 2
        a[12] = 0.01f; // would dominate, but the bank has no rider
        double z = Math.exp(4) + 2 * Math.exp(2) + Math.exp(1);
        double[] expected = new double[19];
        expected[0] = Math.exp(2) / z;
        expected[5] = Math.exp(1) / z;
        expected[11] = Math.exp(4) / z;
        expected[13] = Math.exp(2) / z;
        double[] p = LongTailPaster.classProbabilities(a, bank.counts());
        for (int c = 0; c < 19; c++) {
            assertThat(p[c]).as("class %d", c).isCloseTo(expected[c], within(1e-12));
        }
        assertThat(expected[11]).isCloseTo(0.7573, within(1e-3)); // hand value: e^4 / (e^4 + 2e^2 + e)

        LongTailPaster paster = new LongTailPaster(bank, ds, 1, 0);
        int draws = 20000;
        int[] seen = new int[19];
        SplittableRandom rng = new SplittableRandom(42);
        for (int i = 0; i < draws; i++) {
            seen[paster.drawClass(a, rng)]++;
        }
        double chi2 = 0;
        for (int c = 0; c < 19; c++) {
            if (expected[c] == 0) {
                assertThat(seen[c]).as("class %d is not in the bank", c).isZero();
            } else {
                double e = expected[c] * draws;
                chi2 += (seen[c] - e) * (seen[c] - e) / e;
            }
        }
        assertThat(chi2).as("chi-square, 3 degrees of freedom (p = 0.001 critical value 16.27)").isLessThan(16.27);
    }

    @Test
    void pastingCopiesExactlyTheDrawnClassesPixels() throws Exception {
        int[] donorLabel = block(8, 8, 2, 12, 2, 5, 3, 7); // building with a rider block
        donorLabel[0] = 255;
        Sample donor = MemoryDataset.sample("donor", 8, 8, 0.9f, donorLabel);
        MemoryDataset ds = new MemoryDataset(List.of(donor));
        LongTailPaster paster = new LongTailPaster(ClassBank.build(ds), ds, 1, 7);
        float[] a = alphas(1f);
        a[12] = 0.01f; // rider almost surely
        int[] srcLabel = new int[64];
        Arrays.fill(srcLabel, 0);
        srcLabel[63] = 255;
        Sample source = MemoryDataset.sample("src", 8, 8, 0.1f, srcLabel);
        LongTailPaster.Pasted out = paster.paste(source, a);
        assertThat(out.classes()).containsExactly(12);
        assertThat(out.donors()).containsExactly("donor");
        Sample s = out.sample();
        for (int i = 0; i < 64; i++) {
            boolean rider = donorLabel[i] == 12;
            assertThat(s.label()[i] & 0xFF).as("label %d", i).isEqualTo(rider ? 12 : srcLabel[i]);
            for (int ch = 0; ch < 3; ch++) {
                assertThat(s.image()[ch * 64 + i]).isEqualTo(rider ? 0.9f : 0.1f);
            }
        }
        // the input sample is untouched
        assertThat(source.label()[20]).isEqualTo((byte) 0);
    }

    @Test
    void aLargerDonorIsCutAroundAPixelOfTheClass() throws Exception {
        Sample donor = MemoryDataset.sample("big", 16, 16, 0.5f, block(16, 16, 8, 12, 12, 14, 2, 4));
        MemoryDataset ds = new MemoryDataset(List.of(donor));
        LongTailPaster paster = new LongTailPaster(ClassBank.build(ds), ds, 1, 3);
        float[] a = alphas(1f);
        a[12] = 0.01f;
        Sample source = MemoryDataset.sample("src", 8, 8, 0f, new int[64]);
        Sample s = paster.paste(source, a).sample();
        // window rows 8..15 (clamped to the donor), cols 0..7: the rider lands on rows 4-5, cols 2-3
        int pasted = 0;
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                boolean expect = y >= 4 && y < 6 && x >= 2 && x < 4;
                assertThat(s.labelAt(y, x)).as("(%d,%d)", y, x).isEqualTo(expect ? 12 : 0);
                pasted += expect ? 1 : 0;
            }
        }
        assertThat(pasted).isEqualTo(4);
    }

    @Test
    void pastingIsDeterministicGivenTheSeedAndSupportsSeveralClasses() throws Exception {
        MemoryDataset ds = new MemoryDataset(List.of(
                MemoryDataset.sample("a", 8, 8, 0.3f, block(8, 8, 1, 6, 0, 3, 0, 3)),
                MemoryDataset.sample("b", 8, 8, 0.6f, block(8, 8, 7, 17, 4, 8, 4, 8))));
        ClassBank bank = ClassBank.build(ds);
        Sample source = MemoryDataset.sample("src", 8, 8, 0f, new int[64]);
        float[] a = alphas(0.8f);
        LongTailPaster p1 = new LongTailPaster(bank, ds, 3, 11), p2 = new LongTailPaster(bank, ds, 3, 11);
        for (int k = 0; k < 5; k++) {
            LongTailPaster.Pasted x = p1.paste(source, a), y = p2.paste(source, a);
            assertThat(x.classes()).hasSize(3).containsExactly(y.classes());
            assertThat(x.sample().label()).containsExactly(y.sample().label());
            assertThat(x.sample().image()).containsExactly(y.sample().image());
        }
        assertThatThrownBy(() -> new LongTailPaster(bank, ds, -1, 0)).hasMessageContaining("pastedClasses");
        assertThatThrownBy(() -> p1.paste(source, new float[3])).hasMessageContaining("19");
    }

    @Test
    void referencePastingPastesAThirdOfTheImagesWithTheRelatedClasses() throws Exception {
        // donor: building with a rider (12) block beside a motorcycle (17) block, and a car (13), which is not related
        int[] donorLabel = block(8, 8, 2, 12, 2, 5, 1, 3);
        for (int y = 2; y < 5; y++) {
            donorLabel[y * 8 + 4] = 17;
            donorLabel[y * 8 + 6] = 13;
        }
        MemoryDataset ds = new MemoryDataset(List.of(MemoryDataset.sample("donor", 8, 8, 0.9f, donorLabel)));
        LongTailPaster paster = LongTailPaster.reference(ClassBank.build(ds), ds, 0);
        assertThat(paster.reference()).isTrue();
        float[] a = alphas(1f);
        a[12] = 0.01f; // rider almost surely
        List<Sample> sources = new java.util.ArrayList<>();
        for (int k = 0; k < 40; k++) {
            sources.add(MemoryDataset.sample("src" + k, 8, 8, 0.1f, new int[64]));
        }
        var batch = org.segadapt.data.Batch.of(sources);
        LongTailPaster.ReferenceBatch out = paster.pasteReference(batch, a, new SplittableRandom(5));
        int into = 0;
        for (int k = 0; k < 40; k++) {
            byte[] label = Arrays.copyOfRange(out.batch().labels(), k * 64, (k + 1) * 64);
            if (!out.pastedInto()[k]) {
                assertThat(label).containsOnly((byte) 0);
                assertThat(Arrays.copyOfRange(out.pastedPixels(), k * 64, (k + 1) * 64)).containsOnly(0f);
                continue;
            }
            into++;
            for (int i = 0; i < 64; i++) {
                boolean expect = donorLabel[i] == 12 || donorLabel[i] == 17; // the rider and its motorcycle, not the car
                assertThat(label[i] & 0xFF).as("image %d pixel %d", k, i).isEqualTo(expect ? donorLabel[i] : 0);
                assertThat(out.pastedPixels()[k * 64 + i]).isEqualTo(expect ? 1f : 0f);
            }
        }
        assertThat(into).as("p = 0.3 of 40 images").isBetween(5, 20);
        LongTailPaster.ReferenceBatch again = paster.pasteReference(batch, a, new SplittableRandom(5));
        assertThat(again.pastedInto()).containsExactly(out.pastedInto());
    }

    @Test
    void referenceMaskTakesTwoFewerClassesOfTheUnpastedLabelsPlusThePastedPixels() throws Exception {
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            // two images with classes {0, 1, 2, 3, 4, 5}: ⌈6/2⌉ = 3 classes, or max(3 − 2, 1) = 1 when pasted into
            int[] plane = new int[12];
            for (int i = 0; i < 12; i++) {
                plane[i] = i / 2;
            }
            int[] both = new int[24];
            System.arraycopy(plane, 0, both, 0, 12);
            System.arraycopy(plane, 0, both, 12, 12);
            var labels = m.create(both, new ai.djl.ndarray.types.Shape(2, 3, 4));
            float[] pasted = new float[24];
            pasted[23] = 1; // one pasted pixel in the second image
            float[] mask = ClassMix.referenceMask(labels, new boolean[] {false, true}, pasted, new SplittableRandom(1)).toFloatArray();
            int first = 0, second = 0;
            for (int i = 0; i < 12; i++) {
                first += (int) mask[i];
                second += (int) mask[12 + i];
            }
            assertThat(first).isEqualTo(3 * 2);
            assertThat(mask[23]).isEqualTo(1f);
            assertThat(second).as("one class (2 pixels) and the pasted pixel, which may belong to it").isBetween(2, 3);
        }
    }
}
