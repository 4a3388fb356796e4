package org.segadapt.spark;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segadapt.cli.Main;
import org.segadapt.data.labels.ClassSet;
import org.segadapt.eval.ConfusionMatrix;
import org.segadapt.eval.Evaluator;
import org.segadapt.infer.Segmenter;
import org.segadapt.run.Runner;
import picocli.CommandLine;

/** spark-evaluate against evaluate on the same fixture: every confusion count equal, and the same JSON per protocol. */
class SparkEvaluateTest {
    @Test
    void confusionCountsEqualEvaluateIncludingMultiScaleAndFlip() throws Exception {
        Fixture f = Fixture.get();
        var ds = Runner.open(f.target(), "val", "none");
        SparkEvaluateCommand cmd = new SparkEvaluateCommand();
        new CommandLine(cmd).parseArgs("--checkpoint", f.checkpoint.toString(), "--data", f.target(), "--master", "local[2]", "--threads", "1");
        for (double[] scales : new double[][] {{1}, {0.75, 1, 1.5}}) {
            boolean flip = scales.length > 1;
            ConfusionMatrix single;
            try (Segmenter s = Segmenter.load(f.checkpoint, Device.cpu())) { // what evaluate runs (Runner.evaluate)
                single = new Evaluator(s.multiScale(scales, flip)).confusion(ds, 0);
            }
            var job = new SparkEvaluateCommand.Job(f.checkpoint.toString(), f.target(), "val", "none", scales, flip, cmd.spark.runtime());
            ConfusionMatrix spread;
            try (JavaSparkContext sc = cmd.spark.start("test")) {
                spread = sc.parallelize(Range.split(ds.size(), 3), 3).mapPartitions(it -> SparkEvaluateCommand.confusion(job, it))
                        .reduce((a, b) -> {
                            a.merge(b);
                            return a;
                        });
            }
            long total = 0;
            for (int gt = 0; gt < ClassSet.NUM_CLASSES; gt++) {
                for (int p = 0; p < ClassSet.NUM_CLASSES; p++) {
                    assertThat(spread.get(gt, p)).as("scales %s: gt %d, predicted %d", java.util.Arrays.toString(scales), gt, p)
                            .isEqualTo(single.get(gt, p));
                    total += single.get(gt, p);
                }
            }
            assertThat(total).isPositive();
        }
    }

    @Test
    void jsonEqualsEvaluateFor16And13Classes(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.get();
        ObjectMapper json = new ObjectMapper();
        for (String classes : new String[] {"16", "13"}) {
            Path a = tmp.resolve("evaluate-" + classes + ".json"), b = tmp.resolve("spark-" + classes + ".json");
            String[] common = {"--checkpoint", f.checkpoint.toString(), "--data", f.target(), "--classes", classes, "--threads", "1"};
            assertThat(Main.execute(Fixture.concat(Fixture.concat(new String[] {"evaluate"}, common), "--json", a.toString()))).isZero();
            assertThat(SparkMain.execute(Fixture.concat(Fixture.concat(new String[] {"spark-evaluate"}, common), "--json", b.toString(),
                    "--master", "local[2]", "--partitions", "2"))).isZero();
            Map<?, ?> single = json.readValue(a.toFile(), Map.class), spread = json.readValue(b.toFile(), Map.class);
            assertThat(spread).isEqualTo(single);
            assertThat(spread.get("classes")).isEqualTo(Integer.parseInt(classes));
        }
    }
}
