package org.segadapt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PlotGradientsCommandTest {

    @Test
    void curvesReproduceFigureOne() {
        List<PlotGradientsCommand.Curve> curves = PlotGradientsCommand.curves(199, 0.6, 2);
        assertThat(curves).hasSize(4);
        PlotGradientsCommand.Curve shannon = curves.get(0);
        PlotGradientsCommand.Curve maxSquare = curves.get(1);
        PlotGradientsCommand.Curve nce = curves.get(2);
        PlotGradientsCommand.Curve focal = curves.get(3);
        int half = 99; // p = 0.5
        assertThat(shannon.p()[half]).isCloseTo(0.5, offset(1e-12));
        // dH/dp = log((1−p)/p): 0 at 0.5, log(1/4) at p = 0.8
        assertThat(shannon.gradient()[half]).isCloseTo(0, offset(1e-5));
        int p80 = 159;
        assertThat(shannon.gradient()[p80]).isCloseTo(Math.log(0.25), offset(1e-4));
        // max square: d/dp −½(p² + (1−p)²) = 1 − 2p
        assertThat(maxSquare.gradient()[p80]).isCloseTo(1 - 1.6, offset(1e-5));
        assertThat(shannon.p()[shannon.argMin()]).isGreaterThan(0.99);
        assertThat(nce.p()[nce.argMin()]).isCloseTo(0.82, offset(0.01));
        assertThat(focal.p()[focal.argMin()]).isCloseTo(0.60, offset(0.01));
    }

    @Test
    void writesPngAndCsv(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("fig1.png");
        Path csv = dir.resolve("fig1.csv");
        int rc = new CommandLine(new PlotGradientsCommand())
                .execute("--out", png.toString(), "--csv", csv.toString(), "--points", "49", "--focal-gamma", "1");
        assertThat(rc).isZero();
        byte[] head = Files.readAllBytes(png);
        assertThat(head[1]).isEqualTo((byte) 'P');
        assertThat(head[2]).isEqualTo((byte) 'N');
        assertThat(Files.readAllLines(csv)).hasSize(50);
        assertThat(Files.list(dir)).hasSize(2); // no temporary files left behind
    }

    @Test
    void missingOutputFolderFailsWithItsName(@TempDir Path dir) {
        Path png = dir.resolve("nope/fig1.png");
        CommandLine cl = new CommandLine(new PlotGradientsCommand());
        java.io.StringWriter err = new java.io.StringWriter();
        cl.setErr(new java.io.PrintWriter(err));
        assertThat(cl.execute("--out", png.toString(), "--points", "9")).isNotZero();
        assertThat(err.toString()).contains("nope");
    }
}
