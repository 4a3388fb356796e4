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

class CityscapesDatasetTest {
    @TempDir
    Path dir;

    private void twoCities(String split, boolean labels) throws IOException {
        DataFixtures.cityscapes(dir, split, "bremen", "bremen_000000_000019", 2, 2, labels ? new int[] {24, 25, 31, 34} : null, 1);
        DataFixtures.cityscapes(dir, split, "aachen", "aachen_000001_000019", 2, 2, labels ? new int[] {7, 11, 6, 33} : null, 2);
        DataFixtures.cityscapes(dir, split, "aachen", "aachen_000000_000019", 2, 2, labels ? new int[] {21, 22, 23, 27} : null, 3);
    }

    @Test
    void pairsAcrossCitiesInSortedOrderAndMapsLabelIds() throws IOException {
        twoCities("train", true);
        // other gtFine products next to the labelIds must be ignored
        Png.writeGrey(dir.resolve("gtFine/train/aachen/aachen_000000_000019_gtFine_instanceIds.png"), 2, 2, new byte[4]);
        CityscapesDataset ds = CityscapesDataset.open(dir, "train", null);
        assertThat(ds.labelled()).isTrue();
        assertThat(ds.pairs()).extracting(PngPairDataset.Pair::name).containsExactly(
                "aachen/aachen_000000_000019", "aachen/aachen_000001_000019", "bremen/bremen_000000_000019");
        assertThat(DataFixtures.unsigned(ds.get(0).label())).containsExactly(8, 9, 10, 14);
        assertThat(DataFixtures.unsigned(ds.get(1).label())).containsExactly(0, 2, 255, 18);
        assertThat(DataFixtures.unsigned(ds.get(2).label())).containsExactly(11, 12, 16, 255);
        assertThat(ds.get(2).image()).containsExactly(DataFixtures.rgb(2, 2, 1));
        // 6 (ground) is a void id and silent; 34 is outside the labelId range
        assertThat(ds.unknownLabelValues()).isEqualTo(Map.of(34, 1L));
    }

    @Test
    void splitWithoutGtFineIsUnlabelled() throws IOException {
        twoCities("train", false);
        CityscapesDataset ds = CityscapesDataset.open(dir, "train", null);
        assertThat(ds.size()).isEqualTo(3);
        assertThat(ds.labelled()).isFalse();
        assertThat(ds.get(0).label()).isNull();
        assertThat(ds.get(0).name()).isEqualTo("aachen/aachen_000000_000019");
    }

    @Test
    void missingLabelInACityIsNamed() throws IOException {
        twoCities("val", true);
        Path label = dir.resolve("gtFine/val/bremen/bremen_000000_000019_gtFine_labelIds.png");
        Files.delete(label);
        assertThatThrownBy(() -> CityscapesDataset.open(dir, "val", null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(dir.resolve("leftImg8bit/val/bremen/bremen_000000_000019_leftImg8bit.png").toString())
                .hasMessageContaining(label.toString());
    }

    @Test
    void missingSplitIsNamed() throws IOException {
        twoCities("train", true);
        assertThatThrownBy(() -> CityscapesDataset.open(dir, "val", null))
                .isInstanceOf(IOException.class).hasMessageContaining(dir.resolve("leftImg8bit/val").toString());
    }
}
