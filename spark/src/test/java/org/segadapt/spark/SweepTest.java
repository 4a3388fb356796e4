package org.segadapt.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segadapt.cli.Main;
import org.segadapt.cli.ReproduceCommand;
import org.segadapt.eval.IoUReport;

/** A 2-run sweep (one preset, seeds 1 and 2, a JVM per run) gives the table of the same two runs trained and evaluated by hand. */
class SweepTest {
    @Test
    void twoRunSweepEqualsTheRunsByHand(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.get();
        String[] runOptions = {"--source", f.source(), "--iters", "2", "--batch", "2", "--crop", "32x64", "--workers", "1"};
        Path sweep = tmp.resolve("sweep");
        String[] args = Fixture.concat(new String[] {"sweep", "--master", "local[2]", "--preset", "bench/source", "--seeds", "2",
            "--val", f.target(), "--out", sweep.toString(), "--threads-per-run", "1", "--run-heap", "1g", "--"}, runOptions);
        assertThat(SparkMain.execute(args)).isZero();

        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        Map<String, List<Map<String, IoUReport>>> byHand = new LinkedHashMap<>();
        List<Map<String, IoUReport>> seeds = new ArrayList<>();
        for (int seed = 1; seed <= 2; seed++) {
            Path run = tmp.resolve("hand/seed-" + seed);
            assertThat(Main.execute(Fixture.concat(Fixture.concat(new String[] {"train", "--preset", "bench/source", "--set", "seed=" + seed},
                    runOptions), "--threads", "1", "--no-progress", "--out", run.toString()))).isZero();
            Map<String, IoUReport> protocols = new LinkedHashMap<>();
            for (String classes : new String[] {"19", "16", "13"}) {
                Path out = tmp.resolve("hand/eval-" + seed + "-" + classes + ".json");
                assertThat(Main.execute("evaluate", "--checkpoint", run.toString(), "--data", f.target(), "--classes", classes,
                        "--threads", "1", "--json", out.toString())).isZero();
                protocols.put(classes, json.readValue(out.toFile(), IoUReport.class));
            }
            seeds.add(protocols);
            Path swept = sweep.resolve("seed-" + seed + "/bench_source");
            assertThat(Files.readString(swept.resolve("metrics.csv"))).isEqualTo(Files.readString(run.resolve("metrics.csv")));
        }
        byHand.put("bench/source", seeds);
        String table = ReproduceCommand.aggregate(byHand);
        assertThat(table).contains("| bench/source |");
        assertThat(Files.readString(sweep.resolve("sweep.md"))).endsWith(table);

        // a second sweep finds both runs finished and only tabulates them
        Fixture.Outcome again = Fixture.capturingErr(() -> SparkMain.execute(args));
        assertThat(again.rc()).isZero();
        assertThat(again.err()).contains("2 runs, 2 finished before, 0 to train");
        assertThat(Files.readString(sweep.resolve("sweep.md"))).endsWith(table);

        // a run trained but not evaluated (its task died in between): resumed (nothing left to train), then evaluated
        Files.delete(sweep.resolve("seed-2/bench_source/eval-target.json"));
        assertThat(SparkMain.execute(args)).isZero();
        assertThat(Files.readString(sweep.resolve("seed-2/bench_source.sweep.log"))).contains("train --resume ");
        assertThat(Files.readString(sweep.resolve("sweep.md"))).endsWith(table);
    }
}
