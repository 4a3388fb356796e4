package org.segadapt.translate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.segadapt.data.Sample;
import org.segadapt.model.cyclegan.Ops;
import org.segadapt.model.cyclegan.ResnetGenerator;
import org.segadapt.model.weights.Safetensors;
import org.segadapt.model.weights.Weights;
import org.segadapt.nd.HostArrays;
import org.segadapt.nd.Scalars;
import org.segadapt.run.Provenance;
import org.segadapt.train.Checkpoint;

/**
 * A trained CycleGAN generator G_{S→T} as a {@link Translation.Translator}: from a {@code train-translator} run, or from
 * a safetensors file with the official ResnetGenerator's state-dict names (e.g. a released GTA5→Cityscapes generator
 * converted from its {@code .pth}). Images whose sides are not multiples of 4 are reflection-padded and cropped back.
 */
public final class CycleGanTranslator implements Translation.Translator {
    private final ResnetGenerator generator;
    private final NDManager manager;
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    private CycleGanTranslator(ResnetGenerator generator, NDManager manager, String from, String fingerprint) {
        this.generator = generator;
        this.manager = manager;
        parameters.put("generator", generator.layout().label());
        parameters.put("translator", from);
        parameters.put("translatorFingerprint", fingerprint);
    }

    /**
     * @param translator a {@code train-translator} run (or checkpoint) folder, or a {@code .safetensors} file
     * @param layout     the generator layout of a safetensors file (runs record their own)
     */
    public static CycleGanTranslator load(Path translator, ResnetGenerator.Layout layout, NDManager manager) throws IOException {
        if (Files.isRegularFile(translator)) {
            ResnetGenerator g = new ResnetGenerator(layout);
            Ops.initialize(g, manager, ResnetGenerator.initShape());
            try (NDManager scratch = NDManager.newBaseManager(ai.djl.Device.cpu())) {
                Weights.assign(g.torchNames(), Safetensors.read(translator, scratch), new Weights.Options(false, false, Map.of()),
                        translator.toString(), Safetensors.header(translator).metadata());
            }
            return new CycleGanTranslator(g, manager, translator.toString(), Provenance.sha256(translator));
        }
        Checkpoint.Meta meta = Checkpoint.readMeta(translator);
        if (!CycleGanTraining.KIND.equals(meta.model())) {
            throw new IOException(translator + ": holds a '" + meta.model() + "' model, not a CycleGAN translator (train-translator)");
        }
        ResnetGenerator g = new ResnetGenerator(ResnetGenerator.Layout.named(String.valueOf(meta.state().get("generator"))));
        Ops.initialize(g, manager, ResnetGenerator.initShape());
        Checkpoint.loadNetwork(translator, g, manager);
        return new CycleGanTranslator(g, manager, translator.toString(), Provenance.fingerprint(translator));
    }

    public ResnetGenerator generator() {
        return generator;
    }

    @Override
    public String method() {
        return "cyclegan";
    }

    @Override
    public Map<String, Object> parameters() {
        return parameters;
    }

    @Override
    public float[] translate(Sample source, int index) {
        int h = source.height(), w = source.width(), padH = (4 - h % 4) % 4, padW = (4 - w % 4) % 4;
        try (NDManager m = manager.newSubManager()) {
            NDArray x = CycleGanTraining.tanhRange(HostArrays.floats(m, source.image(), new Shape(1, 3, h, w)));
            x = Ops.reflectionPad(x, 0, padH, 0, padW);
            NDArray y = generator.generate(new ParameterStore(m, false), x, false).get(new NDIndex("0, :, :" + h + ", :" + w));
            return Scalars.clip(Scalars.mul(Scalars.add(y, 1f), 0.5f), 0f, 1f).toFloatArray();
        }
    }
}
