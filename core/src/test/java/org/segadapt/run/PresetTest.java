package org.segadapt.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segadapt.cli.Main;
import org.segadapt.data.streets.StreetBenchmark;
import org.segadapt.testing.Console;

/** Presets: every value cited, bases overridden, the command line over the preset, a key set twice refused. */
class PresetTest {
    @Test
    void everyPresetLoadsCitesItsSourcesAndBuilds() throws Exception {
        assertThat(Preset.names()).contains("tufl/bisenet-gta5-stage1", "cada/deeplabv2-gta5", "bench/stage2");
        for (String name : Preset.names()) {
            Preset p = Preset.load(name);
            assertThat(p.values()).as(name).isNotEmpty();
            p.values().forEach((k, v) -> assertThat(v.source()).as(name + " " + k).isNotBlank());
            assertThat(p.builder().source("gta5:x").build().method()).as(name).isEqualTo(p.method());
        }
    }

    @Test
    void aPresetOverridesItsBase() throws Exception {
        RunSpec source = Preset.load("tufl/bisenet-gta5-source").builder().build();
        RunSpec stage1 = Preset.load("tufl/bisenet-gta5-stage1").builder().build();
        assertThat(source.batch()).isEqualTo(12);
        assertThat(stage1.batch()).isEqualTo(2);
        assertThat(stage1.cropHeight()).isEqualTo(1000); // from the base
        assertThat(stage1.learningRate()).isEqualTo(5e-6f);
        assertThat(stage1.params()).containsEntry("unsupervisedWeight", 0.05).containsEntry("threshold", "adaptive")
                .containsEntry("focalGamma", Recipes.defaults("focal").get("focalGamma")); // the method's defaults underneath
    }

    @Test
    void theDemoSettingsAreTheBenchmarkPresets() throws Exception {
        // what DemoCommand built by hand before the presets (issue 12: the demo's table must not change)
        Map<String, Object> focal = new LinkedHashMap<>(Recipes.defaults("focal"));
        focal.put("targetSplit", "train");
        RunSpec before = new RunSpec("focal", "small", "gta5:s", "cityscapes:t", null, "val", "runs/src", 300, 4, 128, 256, 0.005f, 0.75f,
                1.5f, 1, 300, focal);
        RunSpec now = Preset.load("bench/stage1").builder().source("gta5:s").target("cityscapes:t").init("runs/src").seed(1)
                .param("targetSplit", "train").build();
        assertThat(now).isEqualTo(before);
        Map<String, Object> cim = new LinkedHashMap<>(Recipes.defaults("cim"));
        RunSpec cimBefore = new RunSpec("cim", "small", null, null, null, "val", null, 300, 4, 128, 256, 0.005f, 0.75f, 1.5f, 1, 300, cim);
        assertThat(Preset.load("bench/stage2").builder().build()).isEqualTo(cimBefore);
        assertThat(Preset.load("bench/source").builder().iterations(600).build())
                .isEqualTo(new RunSpec("source-only", "small", null, null, null, "val", null, 600, 8, 128, 256, 0.02f, 0.75f, 1.5f, 1, 600,
                        Map.of("classWeights", "middle"))); // the official TUFL code's source loss (0.5)
    }

    @Test
    void configPrintsThePapersValuesWithTheirSources() {
        String out = Console.out("config", "--preset", "tufl/bisenet-gta5-stage1");
        assertThat(out).contains("learningRate: 5.0E-6    # TUFL Sec. IV-C").contains("batch: 2    # TUFL Sec. IV-C")
                .contains("unsupervisedWeight: 0.05    # TUFL Sec. IV-C").contains("crop: 1000x1000");
        assertThat(Console.out("presets")).contains("cada/deeplabv2-gta5-ssl");
        assertThat(Console.out("config", "--preset", "bench/source", "--set", "iterations=5")).contains("iterations: 5    # --set")
                .contains("iterations: 5\n");  // and in the resolved config.yaml
        assertThat(Console.err("config", "--preset", "bench/source", "--set", "seed=1", "--set", "seed=2"))
                .contains("seed is set twice: by --set seed=1 and by --set seed=2");
    }

    @Test
    void theCommandLineOverridesAPresetAndAKeySetTwiceIsRefused(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("streets");
        StreetBenchmark.generate(data, new StreetBenchmark.Spec(32, 64, 4, 2, 2, 3));
        String source = "gta5:" + data.resolve("source");
        Path run = tmp.resolve("run");
        assertThat(Main.execute("train", "--preset", "bench/source", "--source", source, "--crop", "32x64", "--iters", "2",
                "--set", "learningRate=0.01", "--no-progress", "--threads", "1", "--out", run.toString())).isZero();
        RunSpec spec = RunSpec.load(run);
        assertThat(spec.batch()).isEqualTo(8); // the preset
        assertThat(spec.iterations()).isEqualTo(2); // the option
        assertThat(spec.learningRate()).isEqualTo(0.01f); // --set
        assertThat(spec.model()).isEqualTo("small"); // the preset's, not --model's default

        String err = Console.err("train", "--preset", "bench/source", "--source", source, "--iters", "2", "--set", "iterations=3",
                "--out", tmp.resolve("twice").toString());
        assertThat(err).contains("iterations is set twice: by --iters 2 and by --set iterations=3");
        assertThat(tmp.resolve("twice")).doesNotExist();
        assertThat(Console.err("train", "--preset", "tufl/bisenet-gta5-stage1", "--source", source, "--out", tmp.resolve("x").toString()))
                .contains("is a 'focal' preset, not for method 'source-only'");
        assertThat(Console.err("config", "--preset", "bench/source", "--set", "lambda=1")).contains("unknown key 'lambda'");
        assertThat(Console.err("config", "--preset", "nope")).contains("no preset 'nope'");
        assertThatThrownBy(() -> Preset.set(RunSpec.builder(), "iterations", "many", "--set iterations=many"))
                .hasMessageContaining("iterations must be a number");
    }
}
