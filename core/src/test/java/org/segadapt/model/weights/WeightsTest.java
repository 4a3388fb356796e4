package org.segadapt.model.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segadapt.model.Models;
import org.segadapt.model.SegmentationModel;

class WeightsTest {
    @TempDir
    Path dir;

    static SegmentationModel small(NDManager m, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        SegmentationModel model = Models.create("small", 19);
        Models.initialize(model, m);
        return model;
    }

    static float[] values(SegmentationModel model, String torchName) {
        return TorchNames.of(model).get(torchName).getArray().toFloatArray();
    }

    /** The model's tensors by PyTorch name, with {@code edit} applied, written with the raw writer. */
    private Path rewritten(SegmentationModel model, String file, java.util.function.Consumer<Map<String, NDArray>> edit) throws Exception {
        Map<String, NDArray> t = new LinkedHashMap<>();
        TorchNames.of(model).forEach((n, p) -> t.put(n, p.getArray()));
        edit.accept(t);
        RawSafetensors raw = new RawSafetensors();
        t.forEach((n, a) -> raw.f32(n, a.getShape().getShape(), a.toFloatArray()));
        Path f = dir.resolve(file);
        raw.write(f);
        return f;
    }

    @Test
    void strictLoadNamesEveryMissingUnexpectedAndMismatchedTensorAndChangesNothing() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationModel a = small(m, 1);
            Path f = rewritten(a, "bad.safetensors", t -> {
                t.remove("classifier.bias");
                t.remove("stem.bn.running_var");
                t.put("extra.weight", m.ones(new Shape(2, 2)));
                t.put("context.weight", m.ones(new Shape(96, 96, 3, 3)));
            });
            SegmentationModel b = small(m, 2);
            float[] before = values(b, "stem.conv.weight");
            assertThatThrownBy(() -> Weights.load(b, f, false, false))
                    .isInstanceOfSatisfying(IncompatibleWeightsException.class, e -> {
                        assertThat(e.missing()).containsExactlyInAnyOrder("classifier.bias", "stem.bn.running_var");
                        assertThat(e.unexpected()).containsExactly("extra.weight");
                        assertThat(e.mismatched()).containsExactly("context.weight: file (96, 96, 3, 3), model (96, 96, 1, 1)");
                    })
                    .hasMessageContaining(f.toString())
                    .hasMessageContaining("classifier.bias").hasMessageContaining("stem.bn.running_var")
                    .hasMessageContaining("extra.weight").hasMessageContaining("context.weight")
                    .hasMessageContaining("--allow-partial");
            assertThat(values(b, "stem.conv.weight")).isEqualTo(before);
        }
    }

    @Test
    void partialLoadCopiesWhatMatchesAndReportsTheRest() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationModel a = small(m, 1);
            Path f = rewritten(a, "partial.safetensors", t -> {
                t.remove("classifier.bias");
                t.put("context.weight", m.ones(new Shape(96, 96, 3, 3)));
            });
            SegmentationModel b = small(m, 2);
            float[] contextBefore = values(b, "context.weight");
            assertThat(values(b, "stem.conv.weight")).isNotEqualTo(values(a, "stem.conv.weight"));
            Weights.Report r = Weights.load(b, f, true, false);
            assertThat(r.missing()).containsExactly("classifier.bias");
            assertThat(r.mismatched()).singleElement().asString().startsWith("context.weight");
            assertThat(r.loaded()).hasSize(TorchNames.of(a).size() - 2);
            assertThat(values(b, "stem.conv.weight")).isEqualTo(values(a, "stem.conv.weight"));
            assertThat(values(b, "fuse8.bn.running_mean")).isEqualTo(values(a, "fuse8.bn.running_mean"));
            assertThat(values(b, "context.weight")).isEqualTo(contextBefore);
            assertThat(r.summary()).contains("classifier.bias").contains("context.weight");
        }
    }

    @Test
    void commonPrefixIsStrippedAndBatchCountersIgnored() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationModel a = small(m, 3);
            RawSafetensors raw = new RawSafetensors();
            TorchNames.of(a).forEach((n, p) -> {
                raw.f32("module." + n, p.getArray().getShape().getShape(), p.getArray().toFloatArray());
                if (n.endsWith(".running_var")) {
                    raw.i64("module." + n.replace("running_var", "num_batches_tracked"), 1234);
                }
            });
            Path f = dir.resolve("ddp.safetensors");
            raw.write(f);
            SegmentationModel b = small(m, 4);
            Weights.Report r = Weights.load(b, f, false, false);
            assertThat(r.strippedPrefix()).isEqualTo("module.");
            assertThat(r.complete()).isTrue();
            NDArray x = m.randomUniform(0f, 1f, new Shape(1, 3, 32, 32));
            assertThat(logits(b, m, x)).isEqualTo(logits(a, m, x));
        }
    }

    @Test
    void prefixVotesPreferTheOneMostKeysShare() {
        var expected = java.util.Set.of("conv1.weight", "layer1.0.conv1.weight", "bn1.weight");
        assertThat(Weights.commonPrefix(java.util.Set.of("conv1.weight", "layer1.0.conv1.weight", "bn1.weight"), expected)).isEmpty();
        assertThat(Weights.commonPrefix(java.util.Set.of("backbone.conv1.weight", "backbone.layer1.0.conv1.weight", "backbone.bn1.weight",
                "head.weight"), expected)).isEqualTo("backbone.");
        assertThat(Weights.commonPrefix(java.util.Set.of("cp.resnet.conv1.weight", "cp.resnet.bn1.weight", "ffm.conv1.weight"), expected))
                .isEqualTo("cp.resnet.");
    }

    @Test
    void renamesMoveAndDropPrefixes() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationModel a = small(m, 5);
            Path f = rewritten(a, "renamed.safetensors", t -> {
                t.put("head.weight", t.remove("classifier.weight"));
                t.put("head.bias", t.remove("classifier.bias"));
                t.put("aux.weight", m.ones(new Shape(3)));
            });
            SegmentationModel b = small(m, 6);
            Map<String, String> rules = new LinkedHashMap<>();
            rules.put("aux.", "");
            rules.put("head.", "classifier.");
            Weights.Report r = Weights.load(b, f, new Weights.Options(false, false, rules));
            assertThat(r.dropped()).containsExactly("aux.weight");
            assertThat(values(b, "classifier.weight")).isEqualTo(values(a, "classifier.weight"));
        }
    }

    @Test
    void halfPrecisionIsReadAsFloat32() throws Exception {
        Path f = dir.resolve("half.safetensors");
        // F16: 1, -2, 0.5, 65504, 2^-24 (subnormal); BF16: 1, -3.5 (upper halves of the float32 patterns)
        new RawSafetensors()
                .half("h", "F16", new long[] {5}, 0x3C00, 0xC000, 0x3800, 0x7BFF, 0x0001)
                .half("b", "BF16", new long[] {1, 2}, 0x3F80, 0xC060)
                .i64("n", 7)
                .write(f);
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> t = Safetensors.read(f, m);
            assertThat(t.keySet()).containsExactly("h", "b", "n");
            assertThat(t.get("h").toFloatArray()).containsExactly(1f, -2f, 0.5f, 65504f, (float) Math.pow(2, -24));
            assertThat(t.get("b").getShape()).isEqualTo(new Shape(1, 2));
            assertThat(t.get("b").toFloatArray()).containsExactly(1f, -3.5f);
            assertThat(t.get("n").toLongArray()).containsExactly(7L);
            assertThat(Safetensors.header(f).metadata()).containsEntry("format", "pt");
        }
    }

    @Test
    void brokenFilesAreNamedWithTheProblem() throws Exception {
        Path pickle = dir.resolve("model.pth");
        Files.write(pickle, new byte[] {(byte) 0x80, 2, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8});
        assertThatThrownBy(() -> Safetensors.header(pickle)).hasMessageContaining(pickle.toString()).hasMessageContaining("not a safetensors file")
                .hasMessageContaining("a PyTorch torch.save file");
        Path text = dir.resolve("notes.safetensors");
        Files.writeString(text, "just some text, not weights");
        assertThatThrownBy(() -> Safetensors.header(text)).hasMessageContaining("header length");
        Path f = dir.resolve("cut.safetensors");
        new RawSafetensors().f32("w", new long[] {4}, 1, 2, 3, 4).write(f);
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 4));
        assertThatThrownBy(() -> Safetensors.header(f)).hasMessageContaining(f.toString()).hasMessageContaining("'w'")
                .hasMessageContaining("truncated");
        Path wrong = dir.resolve("wrong.safetensors");
        new RawSafetensors().add("w", "F32", new long[] {3}, new byte[8]).write(wrong);
        assertThatThrownBy(() -> Safetensors.header(wrong)).hasMessageContaining("'w'").hasMessageContaining("expected 12");
    }

    @Test
    void saveWritesPytorchNamesAndMetadataAtomically() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationModel a = small(m, 7);
            Path f = dir.resolve("out/small.safetensors");
            Weights.save(a, f);
            Safetensors.Header h = Safetensors.header(f);
            assertThat(h.tensors().keySet()).containsExactlyElementsOf(TorchNames.of(a).keySet());
            assertThat(h.tensors().keySet()).contains("stem.conv.weight", "stem.bn.weight", "stem.bn.running_mean", "classifier.bias");
            assertThat(h.metadata()).containsEntry("segadapt.model", "small").containsEntry("segadapt.inputNorm", "imagenet");
            assertThat(h.dataStart() % 8).isZero();
            try (var s = Files.list(f.getParent())) {
                assertThat(s.toList()).containsExactly(f);
            }
        }
    }

    @Test
    void zeroClearsExactlyThePrefix() {
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationModel a = small(m, 10);
            float[] stem = values(a, "stem.conv.weight");
            assertThat(Weights.zero(a, "classifier.")).containsExactly("classifier.weight", "classifier.bias");
            assertThat(values(a, "classifier.weight")).containsOnly(0f);
            assertThat(values(a, "stem.conv.weight")).isEqualTo(stem);
            assertThatThrownBy(() -> Weights.zero(a, "layer5.")).hasMessageContaining("layer5.");
        }
    }

    @Test
    void uninitialisedModelIsRefused() throws Exception {
        Path f = dir.resolve("x.safetensors");
        new RawSafetensors().f32("w", new long[] {1}, 1).write(f);
        assertThatThrownBy(() -> Weights.load(Models.create("small", 19), f, false, false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not initialised");
    }

    @Test
    void loadedParametersStillTrain() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            SegmentationModel a = small(m, 8);
            Path f = dir.resolve("a.safetensors");
            Weights.save(a, f);
            SegmentationModel b = small(m, 9);
            Weights.load(b, f, false, false);
            Parameter w = TorchNames.of(b).get("stem.conv.weight");
            assertThat(w.requiresGradient()).isTrue();
            try (var gc = Engine.getInstance().newGradientCollector()) {
                NDArray x = m.randomUniform(0f, 1f, new Shape(2, 3, 32, 32));
                gc.backward(b.run(new ParameterStore(m, false), x, true).logits().square().mean());
            }
            assertThat(w.getArray().getGradient().abs().sum().getFloat()).isGreaterThan(0f);
        }
    }

    static float[] logits(SegmentationModel model, NDManager m, NDArray x) {
        try (NDManager step = m.newSubManager()) {
            return model.run(new ParameterStore(step, false), x, false).logits().toFloatArray();
        }
    }
}
