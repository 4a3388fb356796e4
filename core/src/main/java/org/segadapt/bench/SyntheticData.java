package org.segadapt.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.segadapt.data.Batch;
import org.segadapt.data.Png;
import org.segadapt.data.Sample;

/**
 * Benchmark inputs: blocky scenes (classes in 16×16-pixel blocks, some ignore pixels) with noise, so that
 * cross-entropy, class thresholds and ClassMix see several classes, and PNGs do not compress to nothing.
 */
public final class SyntheticData {
    /** Cityscapes labelIds of the 19 trainIds (GTA5 label PNGs hold labelIds). */
    private static final int[] LABEL_IDS = {7, 8, 11, 12, 13, 17, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 31, 32, 33};

    private SyntheticData() {}

    /** One sample of trainIds (255 = ignore on ~5% of blocks). */
    public static Sample sample(String name, int h, int w, SplittableRandom rng) {
        int blocksX = (w + 15) / 16, blocksY = (h + 15) / 16;
        int[] blockClass = new int[blocksX * blocksY];
        for (int i = 0; i < blockClass.length; i++) {
            blockClass[i] = rng.nextInt(20) == 0 ? 255 : rng.nextInt(19);
        }
        float[] img = new float[3 * h * w];
        byte[] lbl = new byte[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c = blockClass[(y / 16) * blocksX + x / 16];
                lbl[y * w + x] = (byte) c;
                for (int ch = 0; ch < 3; ch++) {
                    float base = c == 255 ? 0.5f : ((c * (ch + 3) * 37) % 255) / 255f;
                    img[ch * h * w + y * w + x] = Math.min(1f, Math.max(0f, base + (float) (rng.nextGaussian() * 0.05)));
                }
            }
        }
        return new Sample(name, h, w, img, lbl);
    }

    /** An in-memory batch of {@code n} samples. */
    public static Batch batch(int n, int h, int w, long seed, boolean labelled) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Sample s = sample("synthetic-" + seed + "-" + i, h, w, rng);
            samples.add(labelled ? s : new Sample(s.name(), h, w, s.image(), null));
        }
        return Batch.of(samples);
    }

    /** Writes {@code count} samples of h×w in the GTA5 layout ({@code images/NNNNN.png}, palette {@code labels/NNNNN.png}). */
    public static Path writeGta5(Path dir, int count, int h, int w, long seed) throws IOException {
        Files.createDirectories(dir.resolve("images"));
        Files.createDirectories(dir.resolve("labels"));
        SplittableRandom rng = new SplittableRandom(seed);
        int[] palette = new int[256];
        for (int i = 0; i < 256; i++) {
            palette[i] = i * 0x010101;
        }
        for (int i = 0; i < count; i++) {
            String key = String.format("%05d", i + 1);
            Sample s = sample(key, h, w, rng);
            byte[] ids = new byte[h * w];
            for (int p = 0; p < ids.length; p++) {
                int t = s.label()[p] & 0xFF;
                ids[p] = (byte) (t == 255 ? 0 : LABEL_IDS[t]);
            }
            Png.writeRgb(dir.resolve("images").resolve(key + ".png"), h, w, s.image());
            Png.writeIndexed(dir.resolve("labels").resolve(key + ".png"), h, w, ids, palette);
        }
        return dir;
    }
}
