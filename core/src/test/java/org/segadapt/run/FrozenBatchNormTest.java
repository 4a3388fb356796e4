package org.segadapt.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segadapt.data.streets.StreetBenchmark;
import org.segadapt.train.Checkpoint;

/** {@code --batchnorm frozen} (the official TUFL scripts' {@code net.eval()}): running statistics fixed, weights trained. */
class FrozenBatchNormTest {
    /** The final checkpoint's parameters of the given kinds, flattened in order. */
    private static List<float[]> parameters(Path run, boolean statistics) throws Exception {
        List<float[]> out = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            for (var p : Checkpoint.load(run, m).model().getParameters()) {
                Parameter.Type t = p.getValue().getType();
                boolean stat = t == Parameter.Type.RUNNING_MEAN || t == Parameter.Type.RUNNING_VAR;
                if (stat == statistics) {
                    out.add(p.getValue().getArray().toFloatArray());
                }
            }
        }
        return out;
    }

    private static boolean same(List<float[]> a, List<float[]> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!java.util.Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return a.size() == b.size();
    }

    @Test
    void frozenStatisticsStayBitIdenticalWhileTheWeightsAdapt(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("streets");
        StreetBenchmark.generate(data, new StreetBenchmark.Spec(32, 64, 6, 4, 2, 7));
        RunSpec sourceOnly = RunSpec.builder().method("source-only").model("small").source("gta5:" + data.resolve("source")).iterations(2)
                .batch(2).crop(32, 64).learningRate(0.01f).checkpointEvery(2).build();
        Path src = tmp.resolve("source");
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Runner.train(sourceOnly, src, m, Runner.Options.quiet());
            var images = (org.segadapt.data.sets.PngPairDataset) Runner.open("cityscapes:" + data.resolve("target"), "train", "none");
            PseudoLabeller.write(Checkpoint.load(src, m).model(), m, images, 0, true, tmp.resolve("pseudo"));
        }
        for (String bn : new String[] {"frozen", "train"}) {
            for (String method : new String[] {"focal", Runner.SELF_TRAINING}) { // and eq. 6's rounds on CaDA's pseudo-labels
                RunSpec adapt = sourceOnly.toBuilder().method(MethodSpec.builder(method).set(HyperParameters.BATCH_NORM, bn).build())
                        .source(method.equals("focal") ? sourceOnly.source() : null)
                        .target("cityscapes:" + (method.equals("focal") ? data.resolve("target") : tmp.resolve("pseudo"))).init(src.toString()).build();
                Path run = tmp.resolve(method + "-" + bn);
                try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                    Runner.train(adapt, run, m, Runner.Options.quiet());
                }
                assertThat(same(parameters(run, false), parameters(src, false))).as(bn + ": weights, γ, β moved").isFalse();
                assertThat(same(parameters(run, true), parameters(src, true))).as(bn + ": running statistics kept")
                        .isEqualTo(bn.equals("frozen"));
            }
        }
        assertThatThrownBy(() -> MethodSpec.builder("focal").set(HyperParameters.BATCH_NORM, "eval").build()).hasMessageContaining("train or frozen");
    }
}
