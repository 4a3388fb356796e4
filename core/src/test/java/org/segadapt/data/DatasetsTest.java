package org.segadapt.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segadapt.data.sets.CityscapesDataset;
import org.segadapt.data.sets.Gta5Dataset;
import org.segadapt.data.sets.SynthiaDataset;

class DatasetsTest {
    @TempDir
    Path dir;

    @Test
    void opensEachKind() throws IOException {
        DataFixtures.gta5(dir.resolve("g"), "00001", 2, 2, new int[] {7, 7, 7, 7}, 0);
        DataFixtures.synthia(dir.resolve("s"), "0000001", 2, 2, new int[] {3, 3, 3, 3}, 0);
        DataFixtures.cityscapes(dir.resolve("c"), "val", "lindau", "lindau_000000_000019", 2, 2, new int[] {7, 7, 7, 7}, 0);
        assertThat(Datasets.open("gta5:" + dir.resolve("g"), null, null)).isInstanceOf(Gta5Dataset.class);
        assertThat(Datasets.open("SYNTHIA:" + dir.resolve("s"), "train", null)).isInstanceOf(SynthiaDataset.class);
        assertThat(Datasets.open("cityscapes:" + dir.resolve("c"), "val", null)).isInstanceOf(CityscapesDataset.class)
                .extracting(d -> d.size()).isEqualTo(1);
    }

    @Test
    void unknownKindAndMissingDirAreClear() {
        assertThatThrownBy(() -> Datasets.open("kitti:/x", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown kind 'kitti'")
                .hasMessageContaining("gta5, synthia or cityscapes");
        assertThatThrownBy(() -> Datasets.open("/data/gta5", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("KIND:DIR");
        assertThatThrownBy(() -> Datasets.open("gta5:" + dir.resolve("nope"), null, null))
                .isInstanceOf(IOException.class).hasMessageContaining(dir.resolve("nope").toString());
    }

    @Test
    void protocolSizesAreWidthByHeight() {
        assertThat(Datasets.PROTOCOL_SIZES.get("gta5")).isEqualTo(new Datasets.Size(1280, 720));
        assertThat(Datasets.PROTOCOL_SIZES.get("synthia")).isEqualTo(new Datasets.Size(1280, 760));
        assertThat(Datasets.PROTOCOL_SIZES.get("cityscapes").hw()).containsExactly(512, 1024);
    }

    @Test
    void resizesToProtocolSizeWithNearestLabels() throws IOException {
        int h = 256, w = 512;
        int[] ids = new int[h * w];
        int[] palette = {7, 26, 33, 0, 40};
        for (int i = 0; i < ids.length; i++) {
            ids[i] = palette[(i / w / 3 + i % w / 5) % palette.length];
        }
        DataFixtures.cityscapes(dir, "val", "lindau", "lindau_000000_000019", h, w, ids, 4);
        Sample s = Datasets.open("cityscapes:" + dir, "val", Datasets.PROTOCOL_SIZES.get("cityscapes").hw()).get(0);
        assertThat(s.height()).isEqualTo(512);
        assertThat(s.width()).isEqualTo(1024);
        Set<Integer> values = new TreeSet<>();
        for (int y = 0; y < 512; y++) {
            for (int x = 0; x < 1024; x++) {
                values.add(s.labelAt(y, x));
                // exact 2x: nearest picks source pixel (y/2, x/2); road/car/bicycle -> 0/13/18, void/unknown -> 255
                int raw = ids[(y / 2) * w + x / 2];
                assertThat(s.labelAt(y, x)).isEqualTo(raw == 7 ? 0 : raw == 26 ? 13 : raw == 33 ? 18 : 255);
            }
        }
        assertThat(values).containsExactly(0, 13, 18, 255);
    }
}
