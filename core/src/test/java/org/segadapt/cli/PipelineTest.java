package org.segadapt.cli;

import org.segadapt.run.Runner;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segadapt.run.RunSpec;
import org.segadapt.data.streets.StreetBenchmark;
import org.segadapt.loss.mask.ClassAdaptiveThreshold;
import org.segadapt.train.Checkpoint;

/** The commands chained as a user would: generate, train, stage 1, stage 2, evaluate, predict, resume. */
class PipelineTest {
    @Test
    void sourceOnlyThenStageOneThenStageTwo(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("streets");
        StreetBenchmark.generate(data, new StreetBenchmark.Spec(32, 64, 6, 4, 2, 3));
        String source = "gta5:" + data.resolve("source");
        String target = "cityscapes:" + data.resolve("target");
        String[] common = {"--crop", "32x64", "--batch", "2", "--no-progress", "--threads", "1", "--workers", "1"};

        assertThat(run(common, "train", "--source", source, "--model", "small", "--iters", "3", "--lr", "0.01",
                "--out", tmp.resolve("src").toString())).isZero();
        // --resize travels with the run, so resumed and derived runs read the data the same way
        String[] smallCrop = {"--crop", "24x48", "--batch", "2", "--no-progress", "--threads", "1", "--workers", "1"};
        assertThat(run(smallCrop, "train", "--source", source, "--model", "small", "--iters", "1", "--resize", "24x48",
                "--out", tmp.resolve("resized").toString())).isZero();
        // a crop larger than the (resized) images is refused before anything is written
        assertThat(run(common, "train", "--source", source, "--model", "small", "--iters", "1", "--resize", "24x48",
                "--out", tmp.resolve("too-small").toString())).isNotZero();
        assertThat(tmp.resolve("too-small")).doesNotExist();
        RunSpec resized = RunSpec.load(tmp.resolve("resized"));
        assertThat(Runner.resize(resized)).isEqualTo("24x48");
        assertThat(Runner.open(resized.source(), "train", Runner.resize(resized)).get(0).height()).isEqualTo(24);
        assertThat(run(common, "train", "--source", source, "--model", "small", "--resize", "24", "--out",
                tmp.resolve("bad").toString())).isNotZero();
        assertThat(tmp.resolve("bad")).doesNotExist();
        assertThat(run(common, "adapt", "--method", "focal", "--source", source, "--target", target, "--val", target,
                "--init", tmp.resolve("src").toString(), "--iters", "2", "--out", tmp.resolve("s1").toString())).isZero();
        Map<String, Object> stage1 = Checkpoint.readMeta(tmp.resolve("s1")).state();
        assertThat(ClassAdaptiveThreshold.alphasFrom(stage1)).hasSize(19);
        assertThat(Files.readString(tmp.resolve("s1").resolve("report.md"))).contains("Validation").contains("mIoU");

        assertThat(run(common, "adapt", "--method", "cim", "--pseudo-labeller", tmp.resolve("s1").toString(), "--source", source,
                "--target", target, "--init", tmp.resolve("src").toString(), "--iters", "2", "--out", tmp.resolve("s2").toString()))
                .isZero();
        assertThat(tmp.resolve("s2").resolve("figures").resolve(Runner.FIG4)).exists();
        assertThat(Checkpoint.readMeta(tmp.resolve("s2")).method()).isEqualTo("cim");
        // resuming a finished run trains nothing more
        assertThat(run(common, "adapt", "--resume", tmp.resolve("s2").toString())).isZero();
        assertThat(Checkpoint.readMeta(tmp.resolve("s2")).iteration()).isEqualTo(2);

        Path json = tmp.resolve("eval.json");
        assertThat(Main.execute("evaluate", "--checkpoint", tmp.resolve("s2").toString(), "--data", target, "--classes", "13",
                "--json", json.toString(), "--threads", "1")).isZero();
        Map<?, ?> r = new ObjectMapper().readValue(json.toFile(), Map.class);
        assertThat(r.get("classes")).isEqualTo(13);
        assertThat(r.get("images")).isEqualTo(2);
        assertThat(r.get("checkpointFingerprint")).isEqualTo(org.segadapt.run.Provenance.fingerprint(tmp.resolve("s2")));
        // provenance: the stage-2 run names its init and its stage-1 teacher, with their fingerprints
        var prov = org.segadapt.run.Provenance.read(tmp.resolve("s2"));
        assertThat(prov.parents()).extracting(p -> p.role()).containsExactly("init", "pseudoLabeller");
        assertThat(prov.parents().get(1).fingerprint()).isEqualTo(org.segadapt.run.Provenance.fingerprint(tmp.resolve("s1")));
        assertThat(prov.datasets()).extracting(d -> d.role()).containsExactly("source", "target");
        assertThat(prov.spec()).isEqualTo(org.segadapt.run.RunSpec.load(tmp.resolve("s2")));
        assertThat(Files.readString(tmp.resolve("s2/report.md"))).contains("## Provenance").contains("pseudoLabeller");

        Path pred = tmp.resolve("pred");
        assertThat(Main.execute("predict", "--checkpoint", tmp.resolve("s2").toString(), "--input",
                data.resolve("target/leftImg8bit/val").toString(), "--out", pred.toString(), "--format", "labelid", "--threads", "1"))
                .isZero();
        try (var files = Files.list(pred)) {
            assertThat(files.filter(p -> p.toString().endsWith("_labelid.png")).count()).isEqualTo(2);
        }
    }

    private static int run(String[] common, String... args) {
        String[] all = new String[args.length + common.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(common, 0, all, args.length, common.length);
        return Main.execute(all);
    }
}
