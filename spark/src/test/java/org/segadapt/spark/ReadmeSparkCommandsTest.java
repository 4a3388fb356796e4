package org.segadapt.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code ./segadapt} Spark command in the README's and docs/SPARK.md's code blocks is parsed by the real command line
 * (core's ReadmeCommandsTest skips them): a renamed option or a bad value fails here. Running them is what the other tests do.
 */
class ReadmeSparkCommandsTest {
    static final Set<String> SPARK = Set.of("spark-evaluate", "spark-pseudo-label", "spark-predict", "sweep");

    @Test
    void everySparkCommandInTheDocsParses() throws Exception {
        List<String[]> commands = new ArrayList<>();
        for (Path doc : List.of(Path.of("../README.md"), Path.of("../docs/SPARK.md"))) {
            commands.addAll(commands(doc));
        }
        List<String> seen = new ArrayList<>();
        for (String[] c : commands) {
            new CommandLine(new SparkMain()).parseArgs(c); // throws on an unknown option or a bad value
            seen.add(c[0]);
        }
        assertThat(seen).containsAll(SPARK);
    }

    /** Spark command lines of a Markdown file's code blocks (continuations joined, comments dropped), without {@code ./segadapt}. */
    static List<String[]> commands(Path md) throws Exception {
        List<String[]> out = new ArrayList<>();
        boolean inBlock = false;
        StringBuilder line = null;
        for (String raw : Files.readAllLines(md)) {
            if (raw.startsWith("```")) {
                inBlock = !inBlock;
                continue;
            }
            String t = raw.strip();
            if (!inBlock || line == null && !t.startsWith("./segadapt ")) {
                continue;
            }
            if (line == null) {
                line = new StringBuilder();
            }
            boolean continued = t.endsWith("\\");
            line.append(' ').append(continued ? t.substring(0, t.length() - 1) : t);
            if (!continued) {
                String[] cmd = line.toString().replaceAll("\\s#.*$", "").strip().substring("./segadapt ".length()).strip().split("\\s+");
                if (SPARK.contains(cmd[0])) {
                    out.add(cmd);
                }
                line = null;
            }
        }
        return out;
    }
}
