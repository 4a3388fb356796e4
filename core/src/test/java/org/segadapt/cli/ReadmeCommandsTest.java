package org.segadapt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every {@code ./segadapt} command in the README's code blocks, in the README's order, on a tiny generated benchmark:
 * the same options with sizes, counts and iterations shrunk, paths moved into a temporary folder. Commands that need
 * files a user brings (PyTorch weights), hours ({@code demo}, {@code reproduce}, measured by their own tests and the
 * note) or elided arguments ({@code ...}) are parsed by the real command line instead, so a renamed option fails too.
 */
class ReadmeCommandsTest {
    private static final Set<String> PARSE_ONLY = Set.of("demo", "reproduce", "import-weights", "export-weights");
    /** Commands of the segadapt-spark module (the launcher runs them there); its own README test parses them. */
    private static final Set<String> SPARK = Set.of("spark-evaluate", "spark-pseudo-label", "spark-predict", "sweep");
    /** Option values replaced by small ones; generate's counts are told apart from the datasets' --source. */
    private static final Map<String, String> SMALL = Map.of("--size", "32x64", "--target-train", "4", "--target-val", "2",
            "--iters", "2", "--batch", "2", "--crop", "32x64", "--res", "32x64", "--soak", "2", "--stress", "2");

    @Test
    void everyReadmeCommandRuns(@TempDir Path tmp) throws Exception {
        List<String[]> commands = readmeCommands(Path.of("../README.md"));
        assertThat(commands).hasSizeGreaterThan(15);
        List<String> ran = new ArrayList<>();
        for (String[] readme : commands) {
            String name = readme[0];
            if (SPARK.contains(name)) {
                continue;
            }
            boolean elided = Arrays.stream(readme).anyMatch(a -> a.equals("...") || a.equals("…"));
            if (PARSE_ONLY.contains(name) || elided) {
                String[] parsable = elided ? Arrays.stream(readme).filter(a -> !a.equals("...") && !a.equals("…")).toArray(String[]::new) : readme;
                new CommandLine(new Main()).parseArgs(parsable); // throws on an unknown option or a bad value
                continue;
            }
            String[] args = shrink(readme, tmp);
            assertThat(Main.execute(args)).as(String.join(" ", args)).isZero();
            ran.add(name);
        }
        assertThat(ran).contains("generate", "translate", "train-translator", "train", "adapt", "evaluate", "predict", "compare", "pseudo-label",
                "self-train", "bench");
        // TUFL Fig. 5: 2 target val images x (prediction row, entropy row); image, ground truth and 3 runs per row
        assertThat(org.segadapt.data.Png.header(tmp.resolve("runs/fig5.png"))).containsExactly(4 * 32 + 3 * 4, 5 * 64 + 4 * 4);
        assertThat(tmp.resolve("runs/cada-ssl")).isDirectory();
        assertThat(Files.readAllLines(tmp.resolve("runs/cada-bdl/metrics.csv")).get(0)).contains("L_ssl");
    }

    /** The README's command lines (continuations joined, comments dropped), without the leading {@code ./segadapt}. */
    static List<String[]> readmeCommands(Path readme) throws Exception {
        List<String[]> out = new ArrayList<>();
        boolean inBlock = false;
        StringBuilder line = null;
        for (String raw : Files.readAllLines(readme)) {
            if (raw.startsWith("```")) {
                inBlock = !inBlock;
                continue;
            }
            if (!inBlock) {
                continue;
            }
            String t = raw.strip();
            if (line == null && t.startsWith("./segadapt ")) {
                line = new StringBuilder();
            }
            if (line == null) {
                continue;
            }
            boolean continued = t.endsWith("\\");
            line.append(' ').append(continued ? t.substring(0, t.length() - 1) : t);
            if (!continued) {
                String cmd = line.toString().replaceAll("\\s#.*$", "").strip().substring("./segadapt ".length());
                out.add(cmd.strip().split("\\s+"));
                line = null;
            }
        }
        return out;
    }

    private static String[] shrink(String[] readme, Path tmp) {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < readme.length; i++) {
            String a = readme[i];
            String option = i > 0 ? readme[i - 1] : "";
            if (SMALL.containsKey(option)) {
                a = SMALL.get(option);
            } else if (option.equals("--source") && a.matches("\\d+")) {
                a = "8";
            }
            a = a.replace("data/streets", tmp.resolve("streets").toString()).replace("@0:400", "@0:6");
            if (a.startsWith("runs/") || a.endsWith(".png") || a.endsWith(".json") && !a.contains("/")) {
                a = tmp.resolve(a).toString();
            }
            if (a.startsWith("cityscapes:runs/")) { // a run's pseudo-label folder read as a dataset
                a = "cityscapes:" + tmp.resolve(a.substring("cityscapes:".length()));
            }
            args.add(a);
        }
        String name = readme[0];
        if (Set.of("train", "adapt", "self-train", "train-translator").contains(name)) {
            args.addAll(List.of("--no-progress", "--workers", "1"));
        }
        if (name.equals("bench") && !args.contains("--soak")) {
            args.addAll(List.of("--steps", "1", "--warmup", "0", "--inference-reps", "1", "--ceiling-reps", "0", "--loader-batches", "1"));
        }
        return args.toArray(String[]::new);
    }
}
