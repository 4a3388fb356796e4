package org.segadapt.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.segadapt.loss.MaxSquare;
import org.segadapt.loss.NeutralCrossEntropy;
import org.segadapt.loss.ShannonEntropy;
import org.segadapt.loss.UnsupervisedFocalLoss;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.segadapt.nd.HostArrays;
import org.segadapt.nd.Scalars;

/**
 * TUFL Fig. 1: gradients dL/dp of the entropy-based losses in the binary case, p ∈ (0,1), each
 * computed through the project's loss classes with autograd. p enters every term as the learnable
 * probability (p, 1−p); the two-view losses use the constant soft pseudo-label p̂ = (0.6, 0.4).
 */
@Command(name = "plot-gradients", mixinStandardHelpOptions = true,
        description = "Plot the gradient of the unsupervised losses in the binary case (TUFL Fig. 1).")
public final class PlotGradientsCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "PNG file to write")
    Path out;

    @Option(names = "--csv", description = "also write p, loss and gradient of every curve as CSV")
    Path csv;

    @Option(names = "--pseudo-label", defaultValue = "0.6", description = "p̂ of the two-view losses (default ${DEFAULT-VALUE})")
    double pseudoLabel;

    @Option(names = "--focal-gamma", defaultValue = "2", description = "γ of the unsupervised focal loss (default ${DEFAULT-VALUE})")
    double focalGamma;

    @Option(names = "--points", defaultValue = "199", description = "grid points in (0,1) (default ${DEFAULT-VALUE})")
    int points;

    /** One curve: loss and gradient over the grid. */
    public record Curve(String name, double[] p, double[] loss, double[] gradient) {
        /** Grid point of the smallest loss (the larger p on ties: the minima at 0 and 1 are symmetric). */
        public int argMin() {
            int best = 0;
            for (int i = 1; i < loss.length; i++) {
                if (loss[i] <= loss[best] + 1e-12) {
                    best = i;
                }
            }
            return best;
        }
    }

    @Override
    public Integer call() throws IOException {
        if (points < 3) {
            throw new IllegalArgumentException("--points must be at least 3, got " + points);
        }
        if (!(pseudoLabel > 0 && pseudoLabel < 1)) {
            throw new IllegalArgumentException("--pseudo-label must be in (0,1), got " + pseudoLabel);
        }
        List<Curve> curves = curves(points, pseudoLabel, focalGamma);
        System.setProperty("java.awt.headless", "true");
        writeAtomically(out, stream -> BitmapEncoder.saveBitmap(chart(curves, pseudoLabel), stream, BitmapEncoder.BitmapFormat.PNG));
        if (csv != null) {
            writeAtomically(csv, stream -> writeCsv(curves, stream));
        }
        for (Curve c : curves) {
            System.out.printf("%-28s minimum at p = %.3f%n", c.name(), c.p()[c.argMin()]);
        }
        System.out.println("wrote " + out + (csv != null ? " and " + csv : ""));
        return 0;
    }

    /** The four curves of Fig. 1 on a uniform grid strictly inside (0,1). */
    public static List<Curve> curves(int points, double pseudoLabel, double focalGamma) {
        double[] p = new double[points];
        for (int i = 0; i < points; i++) {
            p[i] = (i + 1.0) / (points + 1.0);
        }
        Map<String, BinaryLoss> losses = new LinkedHashMap<>();
        ShannonEntropy shannon = new ShannonEntropy();
        MaxSquare maxSquare = new MaxSquare();
        NeutralCrossEntropy nce = new NeutralCrossEntropy();
        UnsupervisedFocalLoss focal = new UnsupervisedFocalLoss(focalGamma);
        losses.put("Shannon entropy", (prob, pseudo, mask) -> shannon.compute(prob, null, mask));
        // Fig. 1 plots the paper's −½ Σ_c p²: ZJU's class mean (the training loss) times C = 2
        losses.put("Maximum square", (prob, pseudo, mask) -> Scalars.mul(maxSquare.compute(prob, null, mask), 2f));
        losses.put(String.format("Neutral CE (p̂=%.2f)", pseudoLabel), (prob, pseudo, mask) -> nce.compute(prob, pseudo, prob, mask));
        losses.put(String.format("Unsup. focal (p̂=%.2f, γ=%.3g)", pseudoLabel, focalGamma),
                (prob, pseudo, mask) -> focal.compute(prob, pseudo, prob, mask));
        List<Curve> curves = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (var e : losses.entrySet()) {
                double[] loss = new double[points];
                double[] grad = new double[points];
                for (int i = 0; i < points; i++) {
                    double[] lg = lossAndGradient(manager, e.getValue(), p[i], pseudoLabel);
                    loss[i] = lg[0];
                    grad[i] = lg[1];
                }
                curves.add(new Curve(e.getKey(), p, loss, grad));
            }
        }
        return curves;
    }

    /** A binary loss of prob (1,2,1,1), pseudo-label (1,2,1,1) and mask (1,1,1). */
    @FunctionalInterface
    public interface BinaryLoss {
        NDArray compute(NDArray prob, NDArray pseudoLabel, NDArray mask);
    }

    /** {L(p), dL/dp} with prob = (p, 1−p) built from the leaf p, through autograd. */
    public static double[] lossAndGradient(NDManager parent, BinaryLoss loss, double p, double pseudoLabel) {
        try (NDManager m = parent.newSubManager()) {
            NDArray leaf = HostArrays.floats(m, new float[] {(float) p}, new Shape(1, 1, 1, 1));
            leaf.setRequiresGradient(true);
            NDArray pseudo = HostArrays.floats(m, new float[] {(float) pseudoLabel, (float) (1 - pseudoLabel)}, new Shape(1, 2, 1, 1));
            NDArray mask = m.ones(new Shape(1, 1, 1));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray prob = leaf.concat(Scalars.rsub(1, leaf), 1);
                NDArray value = loss.compute(prob, pseudo, mask);
                gc.backward(value);
                return new double[] {value.getFloat(), leaf.getGradient().getFloat()};
            }
        }
    }

    static XYChart chart(List<Curve> curves, double pseudoLabel) {
        XYChart chart = new XYChartBuilder().width(900).height(600)
                .title("Gradient of entropy-based losses, binary case (TUFL Fig. 1)")
                .xAxisTitle("p").yAxisTitle("dL/dp").build();
        chart.getStyler().setYAxisMin(-4.0).setYAxisMax(4.0);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0);
        for (Curve c : curves) {
            double[] g = new double[c.gradient().length];
            for (int i = 0; i < g.length; i++) {
                g[i] = Math.max(-4.0, Math.min(4.0, c.gradient()[i])); // clip the log singularities at 0 and 1
            }
            XYSeries s = chart.addSeries(c.name(), c.p(), g);
            s.setMarker(SeriesMarkers.NONE);
        }
        for (Curve c : curves) {
            int i = c.argMin();
            XYSeries m = chart.addSeries(String.format("min %s: p=%.3f", shortName(c.name()), c.p()[i]),
                    new double[] {c.p()[i]}, new double[] {Math.max(-4.0, Math.min(4.0, c.gradient()[i]))});
            m.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            m.setMarker(SeriesMarkers.DIAMOND);
        }
        return chart;
    }

    private static String shortName(String name) {
        int paren = name.indexOf(" (");
        return paren < 0 ? name : name.substring(0, paren);
    }

    private static void writeCsv(List<Curve> curves, OutputStream stream) {
        PrintWriter w = new PrintWriter(stream, false, StandardCharsets.UTF_8);
        StringBuilder header = new StringBuilder("p");
        for (Curve c : curves) {
            header.append(",\"").append(c.name()).append(" loss\",\"").append(c.name()).append(" dL/dp\"");
        }
        w.println(header);
        double[] p = curves.get(0).p();
        for (int i = 0; i < p.length; i++) {
            StringBuilder row = new StringBuilder(String.format("%.6f", p[i]));
            for (Curve c : curves) {
                row.append(String.format(",%.8g,%.8g", c.loss()[i], c.gradient()[i]));
            }
            w.println(row);
        }
        w.flush();
    }

    private interface Writer {
        void write(OutputStream stream) throws IOException;
    }

    /** Writes to a temporary file beside the target and renames it, so a failure leaves no partial file. */
    private static void writeAtomically(Path target, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IOException("output folder does not exist: " + dir);
        }
        Path tmp = Files.createTempFile(dir, absolute.getFileName().toString(), ".tmp");
        try {
            try (OutputStream stream = Files.newOutputStream(tmp)) {
                writer.write(stream);
            }
            Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
