package org.segadapt.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.segadapt.model.weights.TorchNames;
import org.segadapt.model.weights.Weights;
import org.segadapt.train.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A checkpoint's weights as safetensors under PyTorch names (loadable with load_state_dict). */
@Command(name = "export-weights", mixinStandardHelpOptions = true,
        description = {"Export a checkpoint's weights as safetensors with PyTorch state-dict names (see import-weights).",
            "In Python: model.load_state_dict(safetensors.torch.load_file('m.safetensors'))"},
        footer = "%nExample:%n  ./segadapt export-weights --checkpoint runs/advent --out advent.safetensors")
public final class ExportWeightsCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, description = "run folder or checkpoint folder")
    Path checkpoint;

    @Option(names = "--out", required = true, description = "the .safetensors file to write")
    Path out;

    @Mixin
    Cli.Runtime runtime;

    @Override
    public Integer call() throws Exception {
        var device = runtime.start();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            Checkpoint.Loaded ck = Checkpoint.load(checkpoint, manager);
            Weights.save(ck.model(), out);
            System.out.printf("%d tensors of %s (%s, input %s) written to %s%n", TorchNames.of(ck.model()).size(), ck.dir(),
                    ck.model().kind(), ck.model().inputNorm().name(), out);
        }
        return 0;
    }
}
