package org.segadapt.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.segadapt.data.labels.ClassSet;
import org.segadapt.model.InputNorm;
import org.segadapt.model.Models;
import org.segadapt.model.SegmentationModel;
import org.segadapt.model.weights.Weights;
import org.segadapt.train.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** PyTorch weights (safetensors) to a segadapt checkpoint that every command accepts. */
@Command(name = "import-weights", mixinStandardHelpOptions = true,
        description = {"Import PyTorch weights (safetensors, state-dict names) as a segadapt checkpoint.",
            "deeplabv2: AdaptSegNet/ADVENT names (conv1.weight, layer3.4.bn2.running_var, layer5.conv2d_list.0.weight); "
                    + "bisenet: CoinCheung BiSeNet v1 names (cp.resnet.*, sp.*, ffm.*, conv_out.*). A common prefix "
                    + "(module., backbone., Scale.) is stripped. Convert a .pth first:",
            "  python -c \"import torch; from safetensors.torch import save_file; sd = torch.load('m.pth', map_location='cpu'); "
                    + "sd = sd.get('state_dict', sd); save_file({k: v.clone().contiguous() for k, v in sd.items()}, 'm.safetensors')\""},
        footer = "%nExamples:%n  ./segadapt import-weights --model deeplabv2 --from gta5_advent.safetensors --out runs/advent"
                + "%n  ./segadapt import-weights --model bisenet --from resnet18.safetensors --backbone-only --out runs/bisenet-imagenet")
public final class ImportWeightsCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "deeplabv2 | bisenet | small")
    String model;

    @Option(names = "--from", required = true, description = "a .safetensors file")
    Path from;

    @Option(names = "--out", required = true, description = "run folder to create")
    Path out;

    @Option(names = "--input-norm", description = "imagenet | caffe-bgr (default: caffe-bgr for deeplabv2, else imagenet)")
    String inputNorm;

    @Option(names = "--allow-partial", description = "load the tensors that match; keep the rest as initialised (listed)")
    boolean allowPartial;

    @Option(names = "--backbone-only", description = "load only the ResNet backbone (e.g. torchvision ImageNet weights)")
    boolean backboneOnly;

    @Option(names = "--rename", paramLabel = "OLD=NEW",
            description = "rewrite a name prefix before matching, first match wins; empty NEW drops the keys "
                    + "(ADVENT multi-level: --rename layer5.= --rename layer6.=layer5.)")
    List<String> renames = List.of();

    @Option(names = "--zero", paramLabel = "PREFIX",
            description = "set the parameters under this PyTorch name prefix to zero after loading (AdaptSegNet checkpoints: "
                    + "--zero layer5.conv2d_list.2. --zero layer5.conv2d_list.3., its classifier used only two branches)")
    List<String> zero = List.of();

    @Option(names = "--seed", defaultValue = "0", description = "initialisation seed of what the file does not cover")
    long seed;

    @Mixin
    Cli.Runtime runtime;

    @Override
    public Integer call() throws Exception {
        InputNorm norm = InputNorm.named(inputNorm != null ? inputNorm : model.equals("deeplabv2") ? "caffe-bgr" : "imagenet");
        if (Files.exists(out.resolve("latest"))) {
            throw new IllegalArgumentException(out + ": already holds a checkpoint; choose another --out");
        }
        Map<String, String> rules = new LinkedHashMap<>();
        for (String r : renames) {
            int eq = r.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--rename must be OLD=NEW with a non-empty OLD, got '" + r + "'");
            }
            rules.put(r.substring(0, eq), r.substring(eq + 1));
        }
        var device = runtime.start();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            Engine.getInstance().setRandomSeed((int) seed);
            SegmentationModel m = Models.create(model, ClassSet.NUM_CLASSES);
            Models.initialize(m, manager);
            Weights.Report report = Weights.load(m, from, new Weights.Options(allowPartial, backboneOnly, rules));
            for (String prefix : zero) {
                System.out.printf("zeroed %s%n", Weights.zero(m, prefix));
            }
            m.setInputNorm(norm);
            Path ck = Checkpoint.save(out, m, new Checkpoint.Meta(m.kind(), ClassSet.NUM_CLASSES, norm.name(), "imported", 0, 0, Map.of()),
                    null, Map.of(), null);
            System.out.print(report.summary());
            System.out.printf("%s (%s, input %s) written to %s%n", from, m.kind(), norm.name(), ck);
        }
        return 0;
    }
}
