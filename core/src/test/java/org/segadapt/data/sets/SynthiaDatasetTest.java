package org.segadapt.data.sets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segadapt.data.DataFixtures;
import org.segadapt.data.Png;
import org.segadapt.data.Sample;

class SynthiaDatasetTest {
    // road, sidewalk, building, wall, bicycle, sky, void 0, unmapped-but-valid 22, unknown 30
    static final int[] RAW = {3, 4, 2, 21, 11, 1, 0, 22, 30};
    static final int[] TRAIN = {0, 1, 2, 3, 18, 10, 255, 255, 255};

    @TempDir
    Path dir;

    @Test
    void readsClassIdFromFirstChannelOf16BitLabel() throws IOException {
        DataFixtures.synthia(dir, "0000001", 3, 3, RAW, 1);
        SynthiaDataset ds = SynthiaDataset.open(dir, null);
        Sample s = ds.get(0);
        assertThat(s.name()).isEqualTo("0000001");
        assertThat(DataFixtures.unsigned(s.label())).containsExactly(TRAIN);
        assertThat(s.image()).containsExactly(DataFixtures.rgb(3, 3, 1));
        assertThat(ds.unknownLabelPixels()).isEqualTo(1);
        assertThat(ds.unknownLabelValues()).isEqualTo(Map.of(30, 1L));
    }

    @Test
    void fixtureIsA16BitThreeChannelPngThatAn8BitReaderGetsWrong() throws IOException {
        DataFixtures.synthia(dir, "0000001", 3, 3, RAW, 1);
        Path label = dir.resolve("GT/LABELS/0000001.png");
        Png.Planes raw = Png.readRaw(label);
        assertThat(raw.bitDepth()).isEqualTo(16);
        assertThat(raw.channels()).isEqualTo(3);
        assertThat(raw.planes()[1][0]).isEqualTo(1000);
        // A plain 8-bit decode scales 16-bit values by 255/65535: every small class id collapses to 0.
        float[] eightBit = Png.readRgb(label, new int[2]);
        int[] red = new int[9];
        for (int i = 0; i < 9; i++) {
            red[i] = Math.round(eightBit[i] * 255f);
        }
        assertThat(red).containsOnly(0).isNotEqualTo(RAW);
    }

    @Test
    void missingGtFolderIsNamed() throws IOException {
        Png.writeRgb(dir.resolve("RGB/0000001.png"), 2, 2, DataFixtures.rgb(2, 2, 0));
        assertThatThrownBy(() -> SynthiaDataset.open(dir, null))
                .isInstanceOf(IOException.class).hasMessageContaining(dir.resolve("GT/LABELS").toString());
    }

    @Test
    void unpairedImageIsNamed() throws IOException {
        DataFixtures.synthia(dir, "0000001", 3, 3, RAW, 1);
        Files.copy(dir.resolve("RGB/0000001.png"), dir.resolve("RGB/0000002.png"));
        assertThatThrownBy(() -> SynthiaDataset.open(dir, null))
                .isInstanceOf(IOException.class).hasMessageContaining(dir.resolve("RGB/0000002.png").toString())
                .hasMessageContaining(dir.resolve("GT/LABELS/0000002.png").toString());
    }
}
