package org.segadapt.cli;

import org.segadapt.run.Runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.segadapt.run.RunSpec;
import org.segadapt.run.Recipes;

class ReproduceCommandTest {
    @Test
    void everyTableHasSourceOnlyAndAControlRow() {
        for (String t : List.of("1", "3", "4", "5", "6", "cada2", "cada3")) {
            List<ReproduceCommand.Row> rows = ReproduceCommand.rows(t);
            assertThat(rows.get(0).method()).isEqualTo("source-only");
            assertThat(rows.get(0).source()).isEqualTo(ReproduceCommand.RAW);
            assertThat(rows.get(1).label()).isEqualTo("Baseline (IST)");
            assertThat(rows.get(1).source()).isEqualTo(ReproduceCommand.IST);
            ReproduceCommand.Row control = rows.stream().filter(r -> r.label().startsWith("control")).findFirst().orElseThrow();
            assertThat(control.params()).containsValue(0.0);
            assertThat(control.source()).isEqualTo(ReproduceCommand.IST);
            assertThat(rows.stream().anyMatch(r -> r.source().equals(ReproduceCommand.FDA))).isEqualTo(t.equals("1") || t.equals("3"));
            assertThat(rows.stream().filter(r -> r.source().equals(ReproduceCommand.ORACLE))).hasSize(1);
        }
        assertThat(ReproduceCommand.rows("6")).hasSize(4 + 1 + 5 * 4 + 1); // + the no-strong-view control
        assertThatThrownBy(() -> ReproduceCommand.rows("2")).hasMessageContaining("cada2");
    }

    @Test
    void runKeysNameWhatDiffersFromThePaperDefaults() {
        var p = Recipes.defaults("focal");
        p.put("threshold", "fixed:0.8");
        RunSpec cfg = new RunSpec("focal", "small", "gta5:a", "cityscapes:b", null, "val", "init", 150, 4, 8, 8, 1e-3f, 1, 1, 1, 1, p);
        assertThat(ReproduceCommand.key(cfg)).isEqualTo("focal-it150-threshold=fixed_0.8");
        RunSpec defaults = new RunSpec("focal", "small", "gta5:a", "cityscapes:b", null, "val", "init", 150, 4, 8, 8, 1e-3f, 1, 1, 1, 1,
                Recipes.defaults("focal"));
        assertThat(ReproduceCommand.key(defaults)).isEqualTo("focal-it150");
        // two self-training rounds differ by the run they start from
        RunSpec once = new RunSpec(Runner.SELF_TRAINING, "small", null, "cityscapes:x", null, "val", "/r/cada-it150", 150, 4, 8, 8,
                1e-3f, 1, 1, 1, 1, Map.of());
        RunSpec twice = new RunSpec(Runner.SELF_TRAINING, "small", null, "cityscapes:y", null, "val", "/r/" + ReproduceCommand.key(once),
                150, 4, 8, 8, 1e-3f, 1, 1, 1, 1, Map.of());
        assertThat(ReproduceCommand.key(once)).isNotEqualTo(ReproduceCommand.key(twice));
        // BDL's round is a cada run on pseudo-labels: named by L_ssl and the run it starts from
        var bdl = Recipes.defaults("cada");
        bdl.put("pseudoLabelLoss", true);
        RunSpec bdlOnce = new RunSpec("cada", "small", "gta5:a", "cityscapes:x", null, "val", "/r/cada-it150", 150, 4, 8, 8, 1e-3f, 1, 1, 1, 1, bdl);
        assertThat(ReproduceCommand.key(bdlOnce)).isEqualTo("cada-it150-pseudoLabelLoss=true-from-cada-it150");
        assertThat(ReproduceCommand.rows("cada2")).filteredOn(r -> r.label().contains("BDL")).hasSize(2)
                .allMatch(r -> r.method().equals("cada") && r.params().get("from").toString().startsWith("@"));
        // the translation a run trains on is part of its name
        RunSpec ist = new RunSpec("focal", "small", "gta5:runs/reproduce/translations/cyclegan@0:400", "cityscapes:b", null, "val", "init", 150,
                4, 8, 8, 1e-3f, 1, 1, 1, 1, Recipes.defaults("focal"));
        assertThat(ReproduceCommand.key(ist)).isEqualTo("focal-it150-ist=cyclegan");
        RunSpec istAtGap = new RunSpec("focal", "small", "gta5:runs/reproduce/translations/fda-gap=0.7@0:400", "cityscapes:b", null, "val",
                "init", 150, 4, 8, 8, 1e-3f, 1, 1, 1, 1, Recipes.defaults("focal"));
        assertThat(ReproduceCommand.key(istAtGap)).isEqualTo("focal-it150-ist=fda");
        RunSpec oracle = new RunSpec("source-only", "small", "cityscapes:data/streets/target", null, null, "val", null, 600, 8, 8, 8, 0.02f, 1, 1,
                1, 1, Map.of());
        assertThat(ReproduceCommand.key(oracle)).isEqualTo("source-only-it600-oracle");
    }

    @Test
    void classWeightsReachEveryRowOfTuflsTablesAndNameTheirRunsAndReport() {
        ReproduceCommand c = new ReproduceCommand();
        c.table = "3";
        c.model = "small";
        c.sourceIterations = 600;
        c.adaptIterations = 150;
        for (String w : List.of("none", "middle")) {
            c.classWeights = w;
            Map<String, java.nio.file.Path> runs = new java.util.HashMap<>();
            for (ReproduceCommand.Row row : ReproduceCommand.rows("3")) {
                RunSpec cfg = c.config(row, 1, "gta5:a", "cityscapes:b", runs);
                runs.put(row.label(), java.nio.file.Path.of("/r/" + ReproduceCommand.key(cfg)));
                boolean sourceOnly = row.method().equals("source-only");
                // every row trains with them; source-only is CaDA's too, so its default is none and TUFL's rows say middle
                assertThat(cfg.params().get("classWeights")).as(row.label()).isEqualTo(w.equals("none") && sourceOnly ? null : w);
                String named = sourceOnly ? "middle" : "none"; // a run's name shows what differs from its method's default
                assertThat(ReproduceCommand.key(cfg)).as(row.label()).matches(w.equals(named) ? ".*-classWeights=" + named + ".*" : "(?!.*classWeights).*");
            }
        }
        // the report's name shows what differs from the table's defaults: middle at gap 0.5, none at the plain-CE gap 0.7
        assertThat(c.variant()).isEmpty();
        c.classWeights = "none";
        assertThat(c.variant()).isEqualTo("-classWeights=none");
        c.gap = 0.5;
        assertThat(c.variant()).isEqualTo("-classWeights=none-gap=0.5");
        c.model = "bisenet";
        c.classWeights = "middle";
        c.gap = null;
        assertThat(c.variant()).isEqualTo("-bisenet");
        c.table = "cada2";
        c.classWeights = "none";
        assertThat(c.variant()).isEqualTo("-bisenet");
    }

    @Test
    void effectsArePairedPerSeedDifferencesToTheControlRow() {
        java.util.function.DoubleFunction<Map<String, org.segadapt.eval.IoUReport>> r = miou -> {
            var rep = new org.segadapt.eval.IoUReport(miou, 19, 1, Map.of(), 0);
            return Map.of("19", rep, "16", rep, "13", rep);
        };
        Map<String, List<Map<String, org.segadapt.eval.IoUReport>>> results = new java.util.LinkedHashMap<>();
        results.put("control (λ_u = 0)", List.of(r.apply(10), r.apply(14)));
        results.put("focal", List.of(r.apply(11), r.apply(16))); // differences 1 and 2
        String md = ReproduceCommand.aggregate(results);
        assertThat(md).contains("Δ mIoU vs control |");
        assertThat(md.lines().filter(l -> l.startsWith("| focal |")).findFirst().orElseThrow()).endsWith("| 1.5 ± 0.7 |");
        assertThat(md.lines().filter(l -> l.startsWith("| control")).findFirst().orElseThrow()).endsWith("| – |");
        // a row measured against its own pipeline's control (λ = 0 of the same method family)
        results.put("control (λ_u = 0), no strong view", List.of(r.apply(9), r.apply(12)));
        results.put("shannon", List.of(r.apply(9.5), r.apply(12.5)));
        String own = ReproduceCommand.aggregate(results, Map.of("shannon", "control (λ_u = 0), no strong view"));
        assertThat(own.lines().filter(l -> l.startsWith("| shannon |")).findFirst().orElseThrow()).endsWith("| 0.5 ± 0.0 |");
        assertThat(ReproduceCommand.aggregate(results).lines().filter(l -> l.startsWith("| shannon |")).findFirst().orElseThrow())
                .endsWith("| -1.0 ± 0.7 |"); // differences -0.5 and -1.5 to the first control
        // a row whose control has not run shows no Δ
        assertThat(ReproduceCommand.aggregate(results, Map.of("shannon", "control, not run")).lines()
                .filter(l -> l.startsWith("| shannon |")).findFirst().orElseThrow()).endsWith("| – |");
        // Shannon, max-square and confidence pass no strong view through BatchNorm: their control is their own
        for (String t : List.of("1", "6")) {
            assertThat(ReproduceCommand.rows(t)).filteredOn(row -> List.of("shannon", "maxsquare", "confidence").contains(row.method())
                    && !row.label().startsWith("control")).isNotEmpty()
                    .allMatch(row -> row.control().equals(ReproduceCommand.WEAK_VIEW_CONTROL));
            assertThat(ReproduceCommand.rows(t)).filteredOn(row -> List.of("neutral", "focal").contains(row.method())
                    && !row.label().contains("BN frozen")).allMatch(row -> row.control() == null);
        }
        // no control row (a sweep): no Δ column
        assertThat(ReproduceCommand.aggregate(Map.of("bench/source", List.of(r.apply(10))))).doesNotContain("Δ");
    }

    @Test
    void cellsShowMeanAndSampleStandardDeviation() {
        assertThat(ReproduceCommand.cell(Arrays.asList(1.0, 2.0, 3.0))).isEqualTo("2.0 ± 1.0");
        assertThat(ReproduceCommand.cell(Arrays.asList(4.0, null, Double.NaN))).isEqualTo("4.0");
        assertThat(ReproduceCommand.cell(List.of())).isEqualTo("–");
    }
}
