package org.segadapt.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.segadapt.cli.BenchCommand;
import picocli.CommandLine;

class BenchCommandArgsTest {
    @Test
    void parsesTheIssueOptions() {
        BenchCommand c = new BenchCommand();
        CommandLine.ParseResult r = new CommandLine(c).parseArgs("--model", "small", "--step", "cim", "--res", "64x128", "--batch", "3",
                "--threads", "2", "--device", "cpu", "--steps", "7", "--warmup", "1", "--json", "x.json");
        assertThat(r.matchedOptionValue("--model", "")).isEqualTo("small");
        assertThat(r.matchedOptionValue("--step", "")).isEqualTo("cim");
        assertThat(r.matchedOptionValue("--res", "")).isEqualTo("64x128");
        assertThat(r.matchedOptionValue("--batch", 0)).isEqualTo(3);
        assertThat(r.matchedOptionValue("--threads", 0)).isEqualTo(2);
        assertThat(r.matchedOptionValue("--steps", 0)).isEqualTo(7);
    }

    @Test
    void badValuesFailBeforeAnyWork() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BenchCommand()).setErr(new PrintWriter(err));
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("error: " + ex.getMessage());
            return 1;
        });
        assertThat(cli.execute("--steps", "0")).isEqualTo(1);
        assertThat(err.toString()).contains("--steps");
    }
}
