package org.segadapt.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.segadapt.run.HyperParameters.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segadapt.loss.MaxSquare;
import org.segadapt.loss.UnsupervisedFocalLoss;
import org.segadapt.loss.mask.ClassAdaptiveThreshold;
import org.segadapt.loss.mask.FixedThreshold;
import org.segadapt.method.CrossDomainMixing;
import org.segadapt.method.StyleAdversarial;

class MethodSpecTest {
    @Test
    void eachRecordCarriesExactlyTheDeclaredHyperParametersOfItsMethodsWithTheirDefaults() {
        java.util.Map<Class<?>, Set<String>> declared = new java.util.HashMap<>(); // a record serves one family of methods
        for (String name : MethodSpec.NAMES) {
            MethodSpec m = MethodSpec.builder(name).build();
            assertThat(m.name()).isEqualTo(name);
            assertThat(m.params()).as(name).isEqualTo(HyperParameters.defaults(name));
            declared.computeIfAbsent(m.getClass(), k -> new LinkedHashSet<>()).addAll(HyperParameters.defaults(name).keySet());
        }
        declared.forEach((record, keys) -> {
            Set<String> components = Arrays.stream(record.getRecordComponents()).map(c -> c.getName())
                    .filter(c -> !c.equals("name") && !c.equals(MethodSpec.PSEUDO_LABELLER)).collect(Collectors.toCollection(LinkedHashSet::new));
            assertThat(components).as(record.getSimpleName()).containsExactlyInAnyOrderElementsOf(keys);
        });
        assertThat(MethodSpec.builder("cada-ssl").build()).isEqualTo(new MethodSpec.SelfTraining("train", 10));
    }

    @Test
    void buildersRoundTripThroughToBuilderRunSpecAndConfigYaml(@TempDir Path tmp) throws Exception {
        MethodSpec cim = MethodSpec.builder("cim").set(BOUNDARY_KERNEL, 5).set(MIX_WEIGHT, 0.5).set(EMA_TEACHER, "true")
                .pseudoLabeller("runs/focal").build();
        assertThat(((MethodSpec.Mixing) cim).boundaryKernel()).isEqualTo(5);
        assertThat(((MethodSpec.Mixing) cim).emaTeacher()).isTrue();
        assertThat(cim.toBuilder().build()).isEqualTo(cim);
        assertThat(cim.toBuilder().set(MIX_WEIGHT, 2).build()).isNotEqualTo(cim);
        RunSpec spec = RunSpec.builder().model("small").param("resize", "64x128").method(MethodSpec.builder("focal").build()).method(cim).build();
        assertThat(spec.method()).isEqualTo("cim");
        assertThat(spec.params()).containsEntry("resize", "64x128").containsEntry("pseudoLabeller", "runs/focal");
        assertThat(spec.methodSpec()).isEqualTo(cim);
        Files.createDirectories(tmp);
        spec.save(tmp);
        assertThat(RunSpec.load(tmp).methodSpec()).isEqualTo(cim);
        // switching back drops the stage-2 values and the teacher, keeps the plumbing
        RunSpec back = spec.toBuilder().method(MethodSpec.builder("maxsquare").build()).build();
        assertThat(back.params()).doesNotContainKeys("mixWeight", "pseudoLabeller").containsEntry("resize", "64x128")
                .containsEntry("unsupervisedWeight", 0.095);
    }

    @Test
    void typedRecipesBuildTheEquationsObjects() {
        MethodSpec.Entropy focal = (MethodSpec.Entropy) MethodSpec.builder("focal").set(FOCAL_GAMMA, 3).build();
        assertThat(focal.loss()).isInstanceOf(UnsupervisedFocalLoss.class);
        assertThat(focal.mask()).isInstanceOf(ClassAdaptiveThreshold.class);
        assertThat(focal.strongView()).isSameAs(org.segadapt.augment.StrongView.DEFAULT);
        assertThat(((MethodSpec.Entropy) MethodSpec.builder("focal").set(PERTURBATION, "reference").build()).strongView())
                .isInstanceOf(org.segadapt.augment.ReferenceView.class);
        assertThatThrownBy(() -> MethodSpec.builder("neutral").set(PERTURBATION, "strong").build()).hasMessageContaining("batch or reference");
        assertThatThrownBy(() -> MethodSpec.builder("shannon").set(PERTURBATION, "reference")).hasMessageContaining("does not apply");
        // the official TUFL code weights its losses by class by default (the paper is silent); source-only is CaDA's too: off there
        assertThat(focal.losses().classWeights()).isEqualTo("middle");
        assertThat(((MethodSpec.Entropy) MethodSpec.builder("focal").set(CLASS_WEIGHTS, "none").build()).losses())
                .isEqualTo(org.segadapt.method.LossOptions.PAPER);
        assertThat(((MethodSpec.SourceOnly) MethodSpec.builder("source-only").build()).losses()).isEqualTo(org.segadapt.method.LossOptions.PAPER);
        assertThat(((MethodSpec.SourceOnly) MethodSpec.builder("source-only").set(CLASS_WEIGHTS, "middle").build()).losses().classWeights())
                .isEqualTo("middle");
        MethodSpec.Entropy ms = (MethodSpec.Entropy) MethodSpec.builder("maxsquare").build();
        assertThat(ms.loss()).isInstanceOf(MaxSquare.class);
        assertThat(((FixedThreshold) ms.mask()).threshold()).isEqualTo(0.8);
        assertThat(((FixedThreshold) ((MethodSpec.Entropy) MethodSpec.builder("shannon").set(THRESHOLD, "none").build()).mask()).threshold())
                .isZero();
        assertThat(((MethodSpec.Mixing) MethodSpec.builder("cim").set(CLASS_WEIGHTS, "none").build()).hyper(4))
                .isEqualTo(CrossDomainMixing.Hyper.defaults().withSeed(4));
        assertThat(((MethodSpec.Cada) MethodSpec.builder("cada").set(STYLE_MODE, "gram").set(OUTPUT_ADVERSARIAL, false).build()).options())
                .isEqualTo(StyleAdversarial.Options.paper().withStyleMode(org.segadapt.loss.StyleGap.Mode.GRAM).withOutputAdversarial(false));
    }

    @Test
    void buildRefusesWhatTheDeclarationsOrTheEquationsForbid() {
        assertThatThrownBy(() -> MethodSpec.builder("focal").set(FOCAL_GAMMA, -1)).hasMessageContaining("focalGamma").hasMessageContaining(">= 0");
        assertThatThrownBy(() -> MethodSpec.builder("focal").set(MIX_WEIGHT, 1)).hasMessageContaining("does not apply to method focal");
        assertThatThrownBy(() -> MethodSpec.builder("focal").set(THRESHOLD, "fixed:abc").build()).hasMessageContaining("fixed:abc");
        assertThatThrownBy(() -> MethodSpec.builder("cim").set(BOUNDARY_KERNEL, 4).build()).hasMessageContaining("odd");
        assertThatThrownBy(() -> MethodSpec.builder("cada").set(STYLE_MODE, "bogus").build()).hasMessageContaining("bogus");
        assertThatThrownBy(() -> MethodSpec.builder("entropy")).hasMessageContaining("unknown method 'entropy'");
        assertThatThrownBy(() -> MethodSpec.builder("focal").pseudoLabeller("x")).hasMessageContaining("applies to method cim");
        assertThatThrownBy(() -> MethodSpec.builder("cada").set("nope", 1)).hasMessageContaining("unknown hyper-parameter 'nope'");
        // a RunSpec with a bad value is refused when built, not when it trains
        assertThatThrownBy(() -> RunSpec.builder().model("small").method("neutral").param("keepRatio", 2).build())
                .hasMessageContaining("keepRatio");
    }
}
