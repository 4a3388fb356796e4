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

class Gta5DatasetTest {
    // 2x4: road, sidewalk, car, bicycle | void 0 (unlabelled), void 1 (ego vehicle), unknown 40, unknown 40
    static final int[] RAW = {7, 8, 26, 33, 0, 1, 40, 40};
    static final int[] TRAIN = {0, 1, 13, 18, 255, 255, 255, 255};

    @TempDir
    Path dir;

    @Test
    void mapsPaletteIndicesToTrainIdsAndSortsByName() throws IOException {
        DataFixtures.gta5(dir, "00002", 2, 4, new int[] {23, 23, 23, 23, 200, 7, 7, 7}, 2);
        DataFixtures.gta5(dir, "00001", 2, 4, RAW, 1);
        Gta5Dataset ds = Gta5Dataset.open(dir, null);

        assertThat(ds.size()).isEqualTo(2);
        assertThat(ds.labelled()).isTrue();
        assertThat(ds.description()).isEqualTo("gta5:" + dir);
        Sample s = ds.get(0);
        assertThat(s.name()).isEqualTo("00001");
        assertThat(DataFixtures.unsigned(s.label())).containsExactly(TRAIN);
        assertThat(s.image()).containsExactly(DataFixtures.rgb(2, 4, 1));
        assertThat(ds.get(1).name()).isEqualTo("00002");
        assertThat(DataFixtures.unsigned(ds.get(1).label())).containsExactly(10, 10, 10, 10, 255, 0, 0, 0);
    }

    @Test
    void countsOnlyIdsAboveTheLabelIdRangeOncePerFile() throws IOException {
        DataFixtures.gta5(dir, "00001", 2, 4, RAW, 1);
        DataFixtures.gta5(dir, "00002", 2, 4, new int[] {23, 23, 23, 23, 200, 7, 7, 34}, 2);
        Gta5Dataset ds = Gta5Dataset.open(dir, null);
        assertThat(ds.unknownLabelPixels()).isZero();
        ds.get(0);
        ds.get(0); // a second read of the same file is not counted again
        ds.get(1);
        assertThat(ds.unknownLabelPixels()).isEqualTo(4);
        assertThat(ds.unknownLabelValues()).isEqualTo(Map.of(34, 1L, 40, 2L, 200, 1L));
    }

    @Test
    void missingFolderIsNamed() throws IOException {
        Files.createDirectories(dir.resolve("images"));
        assertThatThrownBy(() -> Gta5Dataset.open(dir, null))
                .isInstanceOf(IOException.class).hasMessageContaining(dir.resolve("labels").toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void emptyDatasetIsAnError() throws IOException {
        Files.createDirectories(dir.resolve("images"));
        Files.createDirectories(dir.resolve("labels"));
        assertThatThrownBy(() -> Gta5Dataset.open(dir, null))
                .isInstanceOf(IOException.class).hasMessageContaining("no image/label pairs").hasMessageContaining(dir.toString());
    }

    @Test
    void imageWithoutLabelIsNamed() throws IOException {
        DataFixtures.gta5(dir, "00001", 2, 4, RAW, 1);
        Png.writeRgb(dir.resolve("images/00007.png"), 2, 4, DataFixtures.rgb(2, 4, 0));
        assertThatThrownBy(() -> Gta5Dataset.open(dir, null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(dir.resolve("images/00007.png").toString())
                .hasMessageContaining("has no label")
                .hasMessageContaining(dir.resolve("labels/00007.png").toString());
    }

    @Test
    void labelWithoutImageIsNamed() throws IOException {
        DataFixtures.gta5(dir, "00001", 2, 4, RAW, 1);
        Files.copy(dir.resolve("labels/00001.png"), dir.resolve("labels/00009.png"));
        assertThatThrownBy(() -> Gta5Dataset.open(dir, null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(dir.resolve("labels/00009.png").toString())
                .hasMessageContaining("has no image");
    }

    @Test
    void unreadablePngIsNamed() throws IOException {
        DataFixtures.gta5(dir, "00001", 2, 4, RAW, 1);
        Files.write(dir.resolve("labels/00001.png"), new byte[] {1, 2, 3, 4});
        // found when the dataset opens (every header is read), not when a loader reaches the file mid-run
        assertThatThrownBy(() -> Gta5Dataset.open(dir, null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(dir.resolve("labels/00001.png").toString())
                .hasMessageContaining("not a PNG file");
    }

    @Test
    void sizeMismatchNamesBothFiles() throws IOException {
        DataFixtures.gta5(dir, "00001", 2, 4, RAW, 1);
        Png.writeRgb(dir.resolve("images/00001.png"), 3, 4, DataFixtures.rgb(3, 4, 0));
        assertThatThrownBy(() -> Gta5Dataset.open(dir, null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(dir.resolve("labels/00001.png") + ": label is 4x2")
                .hasMessageContaining(dir.resolve("images/00001.png") + " is 4x3");
    }

    @Test
    void colourCodedLabelIsRejected() throws IOException {
        DataFixtures.gta5(dir, "00001", 2, 4, RAW, 1);
        Png.writeRgb(dir.resolve("labels/00001.png"), 2, 4, DataFixtures.rgb(2, 4, 0));
        Gta5Dataset ds = Gta5Dataset.open(dir, null);
        assertThatThrownBy(() -> ds.get(0))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(dir.resolve("labels/00001.png").toString())
                .hasMessageContaining("3 channels");
    }
}
