package org.segadapt.method.cada;

import org.segadapt.run.PseudoLabeller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segadapt.cli.PseudoLabelCommand;
import org.segadapt.data.DataFixtures;
import org.segadapt.data.Sample;
import org.segadapt.data.sets.CityscapesDataset;
import org.segadapt.eval.Evaluator;
import org.segadapt.loss.mask.CategoryEntropyThreshold;
import org.segadapt.model.SegmentationModel;

class PseudoLabelTest {
    private static CityscapesDataset target(Path dir) throws IOException {
        DataFixtures.cityscapes(dir, "train", "aachen", "aachen_000000_000019", 32, 64, null, 1);
        DataFixtures.cityscapes(dir, "train", "bremen", "bremen_000001_000019", 32, 64, null, 2);
        return CityscapesDataset.open(dir, "train", null);
    }

    @Test
    void pseudoLabelsReadBackAsCityscapesLabelsWithTheSelectedPixels(@TempDir Path tmp) throws IOException {
        CityscapesDataset data = target(tmp.resolve("cs"));
        Path out = tmp.resolve("pseudo");
        double margin = 0.01;
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationModel model = CadaFixtures.small(m, 4);
            PseudoLabeller.Summary summary = PseudoLabeller.write(model, m, data, margin, true, out);

            // expected: eq. (1)-(3) computed independently from the same predictions
            Evaluator ev = new Evaluator(model, m);
            CategoryEntropyThreshold t = new CategoryEntropyThreshold(19, margin);
            for (int i = 0; i < data.size(); i++) {
                t.accumulate(ev.probabilities(data.get(i), m));
            }
            CityscapesDataset back = CityscapesDataset.open(out, "train", null);
            assertThat(back.labelled()).isTrue();
            assertThat(back.size()).isEqualTo(2);
            long kept = 0, ignored = 0;
            for (int i = 0; i < data.size(); i++) {
                Sample original = data.get(i), read = back.get(i);
                assertThat(read.name()).isEqualTo(original.name());
                assertThat(read.image()).containsExactly(original.image());
                NDArray p = ev.probabilities(original, m);
                int[] cls = p.argMax(1).toType(DataType.INT32, false).toIntArray();
                float[] mask = t.mask(p).toFloatArray();
                for (int k = 0; k < cls.length; k++) {
                    int expected = mask[k] > 0.5f ? cls[k] : 255;
                    assertThat(read.label()[k] & 0xFF).as("pixel %d of %s", k, read.name()).isEqualTo(expected);
                    if (expected == 255) {
                        ignored++;
                    } else {
                        kept++;
                    }
                }
            }
            // a non-trivial case: some pixels kept, some rejected
            assertThat(kept).isPositive();
            assertThat(ignored).isPositive();
            assertThat(summary.keptPixels()).isEqualTo(kept);
            assertThat(summary.pixels()).isEqualTo(kept + ignored);
            assertThat(summary.classes().stream().mapToLong(PseudoLabeller.ClassStats::keptPixels).sum()).isEqualTo(kept);
            assertThat(PseudoLabeller.margin(out)).isEqualTo(margin);
            assertThat(Files.isSymbolicLink(out.resolve("leftImg8bit/train/aachen/aachen_000000_000019_leftImg8bit.png"))).isTrue();
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("cs", "pseudo"); // no temp folder left
        }
    }

    @Test
    void aTargetKeptShareChoosesTheMarginThatKeepsIt(@TempDir Path tmp) throws IOException {
        CityscapesDataset data = target(tmp.resolve("cs"));
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationModel model = CadaFixtures.small(m, 4);
            long last = -1;
            for (double share : new double[] {0.3, 0.7}) {
                PseudoLabeller.Summary s = PseudoLabeller.writeKeepingShare(model, m, data, share, true, tmp.resolve("share-" + share));
                assertThat(s.keptShareTarget()).isEqualTo(share);
                // within a few pixels of the target (one 9e-5-nat bin, and pixels whose class has no centroid)
                assertThat((double) s.keptPixels() / s.pixels()).as("share " + share).isCloseTo(share, org.assertj.core.data.Offset.offset(0.01));
                assertThat(s.keptPixels()).isGreaterThan(last);
                last = s.keptPixels();
                // the chosen Δ written down reproduces the same labelling when given as --margin
                PseudoLabeller.Summary again = PseudoLabeller.write(model, m, data, s.entropyMargin(), true, tmp.resolve("margin-" + share));
                assertThat(again.keptPixels()).isEqualTo(s.keptPixels());
            }
            assertThatThrownBy(() -> PseudoLabeller.writeKeepingShare(model, m, data, 0, true, tmp.resolve("zero")))
                    .hasMessageContaining("--kept-share");
        }
    }

    @Test
    void marginsSelectAllOrNothing(@TempDir Path tmp) throws IOException {
        CityscapesDataset data = target(tmp.resolve("cs"));
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationModel model = CadaFixtures.small(m, 4);
            // E(P) >= 0 and E(f^l) <= log 19 < 3: Δ = -10 keeps every pixel, Δ = 10 none
            assertThat(PseudoLabeller.write(model, m, data, -10, false, tmp.resolve("all")).keptPixels()).isEqualTo(2 * 32 * 64);
            assertThat(PseudoLabeller.write(model, m, data, 10, false, tmp.resolve("none")).keptPixels()).isZero();
            for (Sample s : iterable(CityscapesDataset.open(tmp.resolve("none"), "train", null))) {
                assertThat(DataFixtures.unsigned(s.label())).containsOnly(255);
            }
            assertThatThrownBy(() -> PseudoLabeller.write(model, m, data, 0, true, tmp.resolve("all")))
                    .hasMessageContaining("already exists");
            SegmentationModel fiveClasses = org.segadapt.model.Models.create("small", 5);
            org.segadapt.model.Models.initialize(fiveClasses, m);
            assertThatThrownBy(() -> PseudoLabeller.write(fiveClasses, m, data, 0, true, tmp.resolve("five")))
                    .hasMessageContaining("19-class");
        }
    }

    private static Iterable<Sample> iterable(CityscapesDataset d) throws IOException {
        java.util.List<Sample> out = new java.util.ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            out.add(d.get(i));
        }
        return out;
    }
}
