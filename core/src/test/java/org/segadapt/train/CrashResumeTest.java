package org.segadapt.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segadapt.cli.Main;
import org.segadapt.data.streets.StreetBenchmark;
import org.segadapt.testing.Console;

/**
 * Crash safety (issue 11): a run killed with SIGKILL at any moment — between steps, or at each stage of a checkpoint
 * write — and then resumed ends with the same metrics.csv and final checkpoint, byte for byte, as a run never
 * interrupted; a checkpoint that cannot be written (disk full) leaves the previous one in place and says where.
 * Runs that are compared run in child JVMs with one thread (this JVM's engine may already run with more, and the
 * thread count changes the last bits).
 */
class CrashResumeTest {
    @TempDir
    static Path tmp;
    static String source, target;
    static final String[] COMMON = {"--crop", "32x64", "--batch", "2", "--no-progress", "--threads", "1", "--workers", "2"};

    @BeforeAll
    static void data() throws Exception {
        Path data = tmp.resolve("streets");
        StreetBenchmark.generate(data, new StreetBenchmark.Spec(32, 64, 6, 4, 2, 7));
        source = "gta5:" + data.resolve("source");
        target = "cityscapes:" + data.resolve("target");
        child(train(tmp.resolve("straight-src")));
    }

    static List<String> train(Path out) {
        return args("train", "--source", source, "--model", "small", "--lr", "0.01", "--iters", "12", "--checkpoint-every", "4",
                "--out", out.toString());
    }

    static List<String> adapt(String method, Path out) {
        return args("adapt", "--method", method, "--source", source, "--target", target, "--init", tmp.resolve("straight-src").toString(),
                "--iters", "6", "--checkpoint-every", "2", "--out", out.toString());
    }

    @Test
    void trainKilledAtEveryStageResumesToTheSameBytes() throws Exception {
        for (String[] kill : new String[][] {{"written", "2"}, {"renamed", "2"}, {"latest", "3"}, {"step", "7"}}) {
            Path run = tmp.resolve("train-" + kill[0]);
            killed(kill, train(run), run);
            child(args("train", "--resume", run.toString()));
            assertSameRun(run, tmp.resolve("straight-src"), String.join("#", kill));
        }
    }

    @Test
    void adaptKilledInsideACheckpointResumesToTheSameBytes() throws Exception {
        for (String method : List.of("focal", "cada")) { // cada also saves its discriminators and their optimiser
            Path straight = tmp.resolve("straight-" + method), run = tmp.resolve("killed-" + method);
            child(adapt(method, straight));
            killed(new String[] {method.equals("cada") ? "renamed" : "written", "2"}, adapt(method, run), run);
            child(args("adapt", "--resume", run.toString()));
            assertSameRun(run, straight, method);
        }
    }

    @Test
    void selfTrainKilledInTheSecondRoundContinuesWhenRunAgain() throws Exception {
        Path cada = tmp.resolve("ssl-init"), pseudo = tmp.resolve("ssl-pseudo");
        child(adapt("cada", cada));
        Path stale = Files.createDirectories(tmp.resolve(".tmp-ssl-pseudo4711/gtFine")); // a labelling killed before
        child(List.of("pseudo-label", "--checkpoint", cada.toString(), "--target", target, "--margin", "0", "--out", pseudo.toString(),
                "--threads", "1"));
        assertThat(stale.getParent()).doesNotExist();
        java.util.function.Function<Path, List<String>> ssl = out -> args("self-train", "--init", cada.toString(), "--pseudo",
                pseudo.toString(), "--target", target, "--rounds", "2", "--iters", "4", "--checkpoint-every", "2", "--out", out.toString());
        Path straight = tmp.resolve("ssl-straight"), run = tmp.resolve("ssl-killed");
        child(ssl.apply(straight));
        killed(new String[] {"written", "3"}, ssl.apply(run), run.resolve("round-2")); // round 1 saves twice, round 2 once
        child(ssl.apply(run));
        for (String round : List.of("round-1", "round-2")) {
            assertSameRun(run.resolve(round), straight.resolve(round), round);
        }
    }

    @Test
    void sigtermStopsBetweenStepsWithoutANativeCrash() throws Exception {
        Path run = tmp.resolve("terminated");
        List<String> command = args("train", "--source", source, "--model", "small", "--lr", "0.01", "--iters", "100000",
                "--checkpoint-every", "2", "--out", run.toString());
        Process p = start(new String[] {"none", "0"}, command);
        Path metrics = run.resolve("metrics.csv");
        while (p.isAlive() && (!Files.exists(metrics) || Files.readAllLines(metrics).size() <= 3)) {
            Thread.sleep(2);
        }
        p.destroy(); // SIGTERM, as Ctrl-C's SIGINT, somewhere inside a step
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(tmp.resolve("child.log"));
        assertThat(p.exitValue()).as(log).isEqualTo(143);
        List<String> rows = Files.readAllLines(metrics);
        assertThat(log).contains("stopped after iteration " + (rows.size() - 1) + " of 100000").contains("--resume " + run)
                .doesNotContain("fatal error");
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("hs_err"));
        }
        assertThat(rows).allMatch(r -> r.split(",", -1).length == rows.get(0).split(",", -1).length); // no half-written row
        try (var m = ai.djl.ndarray.NDManager.newBaseManager()) {
            assertThat(Checkpoint.load(run, m).model().kind()).isEqualTo("small");
        }
    }

    @Test
    void aCheckpointThatCannotBeWrittenLeavesThePreviousOne() throws Exception {
        Path run = tmp.resolve("full");
        AtomicInteger saves = new AtomicInteger();
        Checkpoint.stage = s -> {
            if (s.equals("written") && saves.incrementAndGet() == 2) {
                throw new UncheckedIOException(new IOException("No space left on device"));
            }
        };
        String err;
        try {
            err = Console.err(train(run).toArray(String[]::new));
        } finally {
            Checkpoint.stage = s -> {};
        }
        assertNotWritten(run, err);
        cli(args("train", "--resume", run.toString())); // space again: the run continues from the intact checkpoint
        Path straight = tmp.resolve("straight-in-process"); // this JVM's thread count, like the resumed run
        cli(train(straight));
        assertSameRun(run, straight, "after the failed checkpoint");
    }

    /** The same on a real full disk: a tmpfs one and a half checkpoints large (needs mount, i.e. root; skipped otherwise). */
    @Test
    void aFullDiskLeavesThePreviousCheckpoint() throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("tmpfs"));
        long one;
        try (Stream<Path> s = Files.walk(tmp.resolve("straight-src/checkpoints/iter-000012"))) {
            one = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        int rc = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + (one * 3 / 2 + 65536), "tmpfs", mnt.toString())
                .redirectErrorStream(true).start().waitFor();
        assumeTrue(rc == 0, "cannot mount a tmpfs here (not root)");
        try {
            Path run = mnt.resolve("run");
            assertNotWritten(run, Console.err(train(run).toArray(String[]::new)));
        } finally {
            new ProcessBuilder("umount", mnt.toString()).start().waitFor();
        }
    }

    private static void assertNotWritten(Path run, String err) throws IOException {
        assertThat(err.strip().lines()).hasSize(1);
        assertThat(err).contains(run.resolve("checkpoints/iter-000008").toString()).contains("previous checkpoint is intact")
                .doesNotContain("at org.");
        assertThat(Files.readString(run.resolve("latest")).trim()).isEqualTo("checkpoints/iter-000004");
        assertThat(Checkpoint.readMeta(run).iteration()).isEqualTo(4);
        try (var m = ai.djl.ndarray.NDManager.newBaseManager()) {
            assertThat(Checkpoint.load(run, m).model().kind()).isEqualTo("small"); // complete and loadable
        }
        try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("iter-000004");
        }
    }

    /** Runs the command in a child JVM to the end. */
    private static void child(List<String> command) throws Exception {
        Process p = start(new String[] {"none", "0"}, command);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + Files.readString(tmp.resolve("child.log"))).isZero();
    }

    private static Process start(String[] kill, List<String> command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-XX:ErrorFile=" + tmp.resolve("hs_err_%p.log"), "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), KillingMain.class.getName(),
                kill[0], kill[0].equals("step") ? "0" : kill[1]));
        cmd.addAll(command);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
    }

    /** Runs the command in a child JVM and kills it at a checkpoint stage, or ({@code step}) once N rows are logged. */
    private static void killed(String[] kill, List<String> command, Path run) throws Exception {
        Process p = start(kill, command);
        if (kill[0].equals("step")) {
            Path metrics = run.resolve("metrics.csv");
            while (p.isAlive() && (!Files.exists(metrics) || Files.readAllLines(metrics).size() <= Integer.parseInt(kill[1]))) {
                Thread.sleep(2);
            }
            p.destroyForcibly(); // SIGKILL, somewhere inside the following step
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("killed by SIGKILL: " + Files.readString(tmp.resolve("child.log"))).isEqualTo(137);
    }

    private static void assertSameRun(Path run, Path straight, String what) throws IOException {
        assertThat(Files.readString(run.resolve("metrics.csv"))).as(what).isEqualTo(Files.readString(straight.resolve("metrics.csv")));
        Path a = Checkpoint.resolve(run), b = Checkpoint.resolve(straight);
        assertThat(a.getFileName()).as(what).isEqualTo(b.getFileName());
        try (Stream<Path> s = Files.list(b)) {
            for (Path f : s.filter(f -> !f.endsWith(Checkpoint.PROVENANCE)).toList()) { // provenance names the run's own paths
                assertThat(Files.readAllBytes(a.resolve(f.getFileName()))).as(what + ": " + f.getFileName()).isEqualTo(Files.readAllBytes(f));
            }
        }
        try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
            assertThat(s.map(p -> p.getFileName().toString())).as(what).noneMatch(n -> n.startsWith("."));
        }
    }

    private static List<String> args(String... a) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(COMMON));
        return all;
    }

    private static void cli(List<String> a) {
        assertThat(Main.execute(a.toArray(String[]::new))).as(String.join(" ", a)).isZero();
    }
}
