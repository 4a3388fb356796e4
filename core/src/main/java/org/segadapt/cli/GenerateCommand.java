package org.segadapt.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.segadapt.data.streets.StreetBenchmark;
import org.segadapt.data.streets.StreetBenchmark.Manifest;
import org.segadapt.data.streets.StreetBenchmark.Spec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes the built-in procedural street-scene benchmark (source in the GTA5 layout, target in the Cityscapes layout). */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate the built-in street-scene benchmark: a rendered-looking labelled source "
                + "(gta5 layout, DIR/source) and a photographed-looking target (cityscapes layout, DIR/target).",
            "Use it as gta5:DIR/source and cityscapes:DIR/target. Re-running with the same options does nothing."})
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory")
    Path out;

    @Option(names = "--size", paramLabel = "HxW", defaultValue = "128x256", description = "image size, height x width (default: ${DEFAULT-VALUE})")
    String size;

    @Option(names = "--source", paramLabel = "N", defaultValue = "500", description = "source images (default: ${DEFAULT-VALUE})")
    int source;

    @Option(names = "--target-train", paramLabel = "N", defaultValue = "300", description = "target train images (default: ${DEFAULT-VALUE})")
    int targetTrain;

    @Option(names = "--target-val", paramLabel = "N", defaultValue = "100", description = "target val images (default: ${DEFAULT-VALUE})")
    int targetVal;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--gap", paramLabel = "G", description = "domain gap in [0, 1]: every appearance difference of the target from "
            + "the source (palette, light, texture, blur, noise, compression, camera, class frequencies) scaled together; 1 = the "
            + "full gap, the stress setting (default: " + StreetBenchmark.Spec.DEFAULT_GAP + ", calibrated for class-weighted training; "
            + StreetBenchmark.Spec.PLAIN_CE_GAP + " for plain cross-entropy)")
    Double gap;

    @Override
    public Integer call() throws Exception {
        int[] hw = parseSize(size);
        Spec spec = new Spec(hw[0], hw[1], source, targetTrain, targetVal, seed, gap == null ? Spec.DEFAULT_GAP : gap);
        boolean cached = StreetBenchmark.readManifest(out).map(m -> m.spec().equals(spec)
                && m.version() == StreetBenchmark.VERSION).orElse(false);
        Manifest m = StreetBenchmark.generate(out, spec);
        System.out.printf("%s %s: %d source images (%s), %d + %d target images (%s), %dx%d, seed %d, gap %s%n",
                cached ? "up to date" : String.format("wrote in %.1f s", m.seconds()), out.toAbsolutePath(),
                spec.source(), out.resolve("source"), spec.targetTrain(), spec.targetVal(), out.resolve("target"),
                spec.height(), spec.width(), spec.seed(), spec.gap());
        System.out.println("class pixel frequencies (% of all pixels):");
        Map<String, Double> src = m.classFrequencies().get("source");
        Map<String, Double> tgt = m.classFrequencies().get("target");
        System.out.printf("  %-12s %8s %8s%n", "class", "source", "target");
        for (String name : src.keySet()) {
            System.out.printf("  %-12s %8.3f %8.3f%n", name, 100 * src.get(name), 100 * tgt.getOrDefault(name, 0.0));
        }
        return 0;
    }

    static int[] parseSize(String s) {
        String[] p = s.toLowerCase().split("x");
        try {
            if (p.length == 2) {
                return new int[] {Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim())};
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("--size: expected HxW such as 128x256, got '" + s + "'");
    }
}
