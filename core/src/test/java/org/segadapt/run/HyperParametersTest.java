package org.segadapt.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segadapt.testing.Console;
import org.segadapt.method.StyleAdversarial;

/** Each hyper-parameter is declared once; --help, config.yaml, the defaults and the range checks derive from it. */
class HyperParametersTest {
    @Test
    void everyDeclarationIsInAdaptsHelpWithItsDefault() {
        String adapt = Console.out("adapt", "--help").replaceAll("\\s+", " ");
        String translator = Console.out("train-translator", "--help").replaceAll("\\s+", " ");
        for (HyperParameter h : HyperParameters.ALL) {
            if (h.methods().equals(java.util.Set.of(Runner.SELF_TRAINING))) {
                continue;
            }
            // CycleGAN's own hyper-parameters belong to train-translator (the shared discriminator width is in both)
            String help = h.methods().equals(java.util.Set.of(HyperParameters.CYCLEGAN)) ? translator : adapt;
            assertThat(help).as(h.key()).contains(h.option().substring(2));
            // picocli wraps lines (even inside "2.5e-4"): compare without white space
            assertThat(help.replaceAll("\\s", "")).as(h.key()).contains((h.symbol() + ", " + h.doc()).replaceAll("\\s", ""));
            assertThat(help).as(h.key()).contains("default: " + (h.perMethod().isEmpty() ? String.valueOf(h.value())
                    : h.perMethod().keySet().iterator().next()));
        }
        assertThat(translator).contains("--cycle-weight").contains("--discriminator-width");
        assertThat(adapt).doesNotContain("--cycle-weight").contains("--unsupervised-weight").contains("focal 0.05").contains("maxsquare 0.095").contains("otherwise 0.01");
    }

    @Test
    void theDefaultsAreThePapersAndRoundTripThroughConfigYaml(@TempDir Path tmp) throws Exception {
        // hand-checked against TUFL Sec. IV-C / Fig. 7 and CaDA Sec. 3.2
        assertThat(Recipes.defaults("focal")).containsEntry("unsupervisedWeight", 0.05).containsEntry("threshold", "adaptive")
                .containsEntry("focalGamma", 2.0).containsEntry("initialThreshold", 0.8).containsEntry("hardClassDecay", 8.0)
                .doesNotContainKey("mixWeight");
        assertThat(Recipes.defaults("maxsquare")).containsEntry("unsupervisedWeight", 0.095).containsEntry("threshold", "fixed:0.8")
                .containsEntry("imageWiseWeighting", false); // the official TUFL code masks every loss at 0.8
        assertThat(Recipes.defaults("neutral")).containsEntry("threshold", "fixed:0.8");
        assertThat(Recipes.defaults("cim")).containsEntry("mixWeight", 1.0).containsEntry("boundaryWeight", 2.0)
                .containsEntry("boundaryKernel", 7).containsEntry("pastedClasses", 1);
        assertThat(Recipes.defaults("cada")).containsEntry("outputAdversarialWeight", 0.001).containsEntry("styleAdversarialWeight", 0.001)
                .containsEntry("discriminatorLr", 1.0E-4).containsEntry("decoderLrMultiplier", 10.0).containsEntry("styleMode", "adversarial");
        // CaDA's declared defaults are its method class's paper options
        assertThat(((MethodSpec.Cada) MethodSpec.builder("cada").build()).options()).isEqualTo(StyleAdversarial.Options.paper());
        for (String method : List.of("shannon", "maxsquare", "neutral", "confidence", "focal", "cim", "cada")) {
            RunSpec spec = RunSpec.builder().method(method).model("small").params(Recipes.defaults(method)).build();
            Path run = tmp.resolve(method);
            Files.createDirectories(run);
            spec.save(run);
            assertThat(RunSpec.load(run)).as(method).isEqualTo(spec);
            assertThat(RunSpec.load(run).methodSpec().params()).as(method).isEqualTo(Recipes.defaults(method));
        }
    }

    @Test
    void valuesOutsideTheRangeAreRefusedNamingTheOption() {
        String err = Console.err("adapt", "--method", "focal", "--focal-gamma", "-1", "--source", "gta5:x", "--target",
                "cityscapes:y", "--init", "z", "--out", "o");
        assertThat(err).contains("--focal-gamma: focalGamma (γ) must be a number >= 0, got -1.0");
        assertThat(Console.err("config", "--preset", "bench/stage1", "--set", "keepRatio=2"))
                .contains("keepRatio (b) must be a number in [0, 1], got 2");
        assertThat(Console.err("config", "--preset", "bench/stage2", "--set", "boundaryKernel=2.5"))
                .contains("boundaryKernel (k) must be an integer >= 1");
    }

    /** How "no hyper-parameter literal outside its declaration" is checked: no run reads a declared key with a literal fallback. */
    @Test
    void noCodeReadsADeclaredKeyWithItsOwnDefault() throws Exception {
        Pattern read = Pattern.compile("\\.param\\(\"(\\w+)\",\\s*[-0-9.]");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = read.matcher(Files.readString(f));
                while (m.find()) {
                    if (HyperParameters.get(m.group(1)) != null) {
                        found.add(f.getFileName() + ": " + m.group());
                    }
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void aRunSavedBeforeADefaultChangedResumesWithTheOldOne(@TempDir Path tmp) throws Exception {
        // 0.6 made the official TUFL code's class weights focal's default; a config.yaml without the key predates that
        RunSpec bare = RunSpec.builder().method("focal").model("small").params(java.util.Map.of("focalGamma", 2.0)).build();
        Path old = tmp.resolve("old");
        Files.createDirectories(old);
        Files.writeString(old.resolve(RunSpec.FILE), RunSpec.yaml(bare));
        assertThat(RunSpec.load(old).methodSpec().params()).containsEntry("classWeights", "none");
        // a run saved today says what it trains with, so that it reads back the same after another change
        Path now = tmp.resolve("now");
        Files.createDirectories(now);
        bare.save(now);
        assertThat(Files.readString(now.resolve(RunSpec.FILE))).contains("classWeights: \"middle\"");
        assertThat(RunSpec.load(now).methodSpec().params()).containsEntry("classWeights", "middle");
        // a method it does not apply to gains nothing
        RunSpec cada = RunSpec.builder().method("cada").model("small").build();
        cada.save(tmp);
        assertThat(RunSpec.load(tmp).params()).doesNotContainKey("classWeights");
    }
}
