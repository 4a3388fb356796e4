import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.segadapt.model.InputNorm;
import org.segadapt.model.SegmentationModel;
import org.segadapt.model.backbone.ResNet;
import org.segadapt.model.weights.Safetensors;
import org.segadapt.model.weights.Weights;
import org.segadapt.train.Checkpoint;

/**
 * Whole-network parity, segadapt side (run by tools/parity.sh as a single-file program): loads the checkpoints that
 * {@code segadapt import-weights} made from tools/parity.py's files, runs them in inference mode on the same input,
 * and prints max |segadapt - PyTorch| per output, the argmax agreement of the logits, and, for scale, how far
 * PyTorch's own float32 result is from its float64 result.
 *
 * <p>usage: java -cp CLASSPATH tools/Parity.java DIR (DIR holds ref.safetensors, resnet101.safetensors and the runs
 * run-resnet18, run-deeplabv2, run-bisenet).
 */
public final class Parity {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> ref = Safetensors.read(dir.resolve("ref.safetensors"), m);
            NDArray rgb = ref.get("input");
            System.out.printf("%-22s %-20s %12s %12s %16s %10s%n", "output", "shape", "max|diff|", "max|ref|", "torch f32-f64", "argmax");

            // ResNet-18 (torchvision file, --backbone-only into BiSeNet): the four stage outputs
            SegmentationModel bisenetR18 = Checkpoint.load(dir.resolve("run-resnet18"), m).model();
            List<NDArray> stages = bisenetR18.run(new ParameterStore(m, false), rgb, false).features();
            for (int i = 0; i < 4; i++) {
                report("resnet18.stage" + (i + 1), stages.get(i), ref, false);
            }

            // ResNet-101 (torchvision layout: stride on the 3x3 conv, no dilation), loaded by name through Weights
            ResNet r101 = new ResNet(new ResNet.Config(ResNet.Depth.R101, new int[] {1, 2, 2, 2}, new int[] {1, 1, 1, 1}, false, false, false));
            NDArray x = InputNorm.IMAGENET.apply(rgb);
            r101.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, x.getShape());
            Weights.Report r = Weights.assign(r101.torchNames(), Safetensors.read(dir.resolve("resnet101.safetensors"), m),
                    new Weights.Options(false, true, Map.of()), "resnet101.safetensors", Map.of());
            System.out.printf("(resnet101: %d tensors loaded, ignored %s)%n", r.loaded().size(), r.unexpected());
            NDList s101 = r101.forward(new ParameterStore(m, false), new NDList(x), false);
            for (int i = 0; i < 4; i++) {
                report("resnet101.stage" + (i + 1), s101.get(i), ref, false);
            }

            SegmentationModel deeplab = Checkpoint.load(dir.resolve("run-deeplabv2"), m).model();
            report("deeplabv2.logits", deeplab.run(new ParameterStore(m, false), rgb, false).logits(), ref, true);

            SegmentationModel bisenet = Checkpoint.load(dir.resolve("run-bisenet"), m).model();
            report("bisenet.logits", bisenet.run(new ParameterStore(m, false), ref.get("input32"), false).logits(), ref, true);
        }
    }

    private static void report(String name, NDArray ours, Map<String, NDArray> ref, boolean logits) {
        NDArray theirs = ref.get(name);
        float f64 = ref.get(name + ".f64err").getFloat();
        if (!ours.getShape().equals(theirs.getShape())) {
            System.out.printf("%-22s shape %s, PyTorch %s: MISMATCH%n", name, ours.getShape(), theirs.getShape());
            return;
        }
        float diff = ours.sub(theirs).abs().max().getFloat();
        float scale = theirs.abs().max().getFloat();
        String agree = "";
        if (logits) {
            float same = ours.argMax(1).eq(theirs.argMax(1)).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).mean().getFloat();
            agree = String.format("%.4f%%", 100 * same);
        }
        System.out.printf("%-22s %-20s %12.3e %12.3e %16.3e %10s%n", name, ours.getShape(), diff, scale, f64, agree);
    }
}
