package org.segadapt.parity;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.segadapt.model.BiSeNet;
import org.segadapt.model.Bilinear;
import org.segadapt.model.DeepLabV2;
import org.segadapt.model.Tensors;
import org.segadapt.model.backbone.ResNet;
import org.segadapt.model.cyclegan.PatchDiscriminator;
import org.segadapt.model.cyclegan.ResnetGenerator;
import org.segadapt.translate.CycleGanTranslator;
import org.segadapt.model.weights.Safetensors;
import org.segadapt.model.weights.TorchNames;

/**
 * segadapt's modules against PyTorch's outputs ({@code tools/make_parity_fixtures.py}, torch 1.13), inference mode,
 * to 1e-4. The modules are reached through their parents' children (they have no public class of their own) and
 * take their weights by the names of the import table ({@link TorchNames}), so the names are checked with the maths.
 */
class ModuleParityTest {
    private static final float TOLERANCE = 1e-4f;
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private Map<String, NDArray> fixture(String name) throws Exception {
        return Safetensors.read(Path.of(getClass().getResource("/parity/" + name + ".safetensors").toURI()), manager);
    }

    /** A direct child by its name (DJL keys children "NNname"). */
    static Block child(Block parent, String... path) {
        Block b = parent;
        for (String name : path) {
            Block found = null;
            for (var c : b.getChildren()) {
                if (c.getKey().substring(2).equals(name)) {
                    found = c.getValue();
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("no child '" + name + "' in " + b.getClass().getSimpleName() + ": " + b.getChildren().keys());
            }
            b = found;
        }
        return b;
    }

    /** The entries of a model's PyTorch name table under {@code prefix}, named relative to it (the module's own state dict). */
    static Map<String, Parameter> under(Map<String, Parameter> names, String prefix) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        names.forEach((n, p) -> {
            if (n.startsWith(prefix)) {
                out.put(n.substring(prefix.length()), p);
            }
        });
        return out;
    }

    /** Initialises {@code block} for {@code inputs}, gives it the deterministic weights, runs it in inference mode. */
    private NDArray run(Block block, Map<String, Parameter> names, NDArray... inputs) {
        NDList in = new NDList(inputs);
        block.initialize(manager, DataType.FLOAT32, in.getShapes());
        assertThat(names).hasSize(block.getParameters().size());
        Deterministic.fill(names);
        return block.forward(new ParameterStore(manager, false), in, false).singletonOrThrow();
    }

    private static void assertClose(NDArray actual, NDArray expected) {
        assertThat(actual.getShape()).isEqualTo(expected.getShape());
        float diff = actual.sub(expected).abs().max().getFloat();
        assertThat(diff).as("max |segadapt - PyTorch|").isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void cycleGanGeneratorAndItsImportByTheOfficialNames(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Map<String, NDArray> f = fixture("cyclegan_generator");
        ResnetGenerator g = new ResnetGenerator(new ResnetGenerator.Layout(4, 2));
        Map<String, Parameter> names = g.torchNames();
        assertThat(names).containsKeys("model.1.weight", "model.10.conv_block.5.bias", "model.12.weight", "model.15.bias", "model.19.weight");
        assertClose(run(g, names, f.get("input")), f.get("output"));
        // the same weights as a PyTorch state dict, through the importer that takes released generators
        Path file = dir.resolve("generator.safetensors");
        Map<String, NDArray> state = new LinkedHashMap<>();
        names.forEach((n, p) -> state.put(n, p.getArray()));
        Safetensors.write(file, state, Map.of("format", "pt"));
        ResnetGenerator imported = CycleGanTranslator.load(file, new ResnetGenerator.Layout(4, 2), manager).generator();
        assertClose(imported.generate(new ParameterStore(manager, false), f.get("input"), false), f.get("output"));
    }

    @Test
    void cycleGanPatchDiscriminator() throws Exception {
        Map<String, NDArray> f = fixture("patch_discriminator");
        PatchDiscriminator d = new PatchDiscriminator(4);
        assertClose(run(d, d.torchNames(), f.get("input")), f.get("output"));
    }

    @Test
    void deterministicWeightsMatchThePythonFormulaBitForBit() throws Exception {
        for (var e : fixture("deterministic").entrySet()) {
            assertThat(Deterministic.values(e.getKey(), e.getValue().getShape())).as(e.getKey()).isEqualTo(e.getValue().toFloatArray());
        }
    }

    @Test
    void basicBlockWithDownsample() throws Exception {
        Map<String, NDArray> f = fixture("basic_block");
        ResNet resnet = ResNet.resnet18();
        Block block = child(resnet, "layer2", "0");
        assertClose(run(block, under(resnet.torchNames(), "layer2.0."), f.get("input")), f.get("output"));
    }

    @Test
    void dilatedBottleneckOfDeepLab() throws Exception {
        Map<String, NDArray> f = fixture("bottleneck_dilated");
        ResNet resnet = ResNet.resnet101DeepLab();
        Block block = child(resnet, "layer3", "0");
        assertClose(run(block, under(resnet.torchNames(), "layer3.0."), f.get("input")), f.get("output"));
    }

    @Test
    void asppSumOfFourDilatedBranches() throws Exception {
        Map<String, NDArray> f = fixture("aspp");
        DeepLabV2 deeplab = new DeepLabV2(19);
        Block block = child(deeplab, "layer5");
        Map<String, Parameter> names = under(TorchNames.of(deeplab), "layer5.");
        assertThat(names).containsKeys("conv2d_list.0.weight", "conv2d_list.3.bias");
        assertClose(run(block, names, f.get("input")), f.get("output"));
    }

    @Test
    void attentionRefinementModule() throws Exception {
        Map<String, NDArray> f = fixture("arm");
        BiSeNet bisenet = new BiSeNet(19);
        Block block = child(bisenet, "arm16");
        Map<String, Parameter> names = under(TorchNames.of(bisenet), "cp.arm16.");
        assertThat(names).containsKeys("conv.conv.weight", "conv_atten.weight", "bn_atten.running_var");
        assertClose(run(block, names, f.get("input")), f.get("output"));
    }

    @Test
    void featureFusionModule() throws Exception {
        Map<String, NDArray> f = fixture("ffm");
        BiSeNet bisenet = new BiSeNet(19);
        Block block = child(bisenet, "ffm");
        NDArray cat = Tensors.concat(f.get("input_sp"), f.get("input_cp"));
        assertClose(run(block, under(TorchNames.of(bisenet), "ffm."), cat), f.get("output"));
    }

    @Test
    void bilinearAndNearestResizeBothWays() throws Exception {
        Map<String, NDArray> f = fixture("resize");
        NDArray x = f.get("input");
        for (String tag : new String[] {"up", "down"}) {
            NDArray aligned = f.get(tag + "_aligned");
            int h = (int) aligned.getShape().get(2);
            int w = (int) aligned.getShape().get(3);
            assertClose(Bilinear.resize(x, h, w, true), aligned);
            assertClose(Bilinear.resize(x, h, w, false), f.get(tag + "_half_pixel"));
            assertClose(Bilinear.nearest(x, h, w), f.get(tag + "_nearest"));
        }
    }
}
