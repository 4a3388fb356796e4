package org.segadapt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segadapt.data.streets.StreetBenchmark;
import org.segadapt.io.RunLock;

/**
 * Issue 11's bad-input matrix: each case exits non-zero with one {@code error:} line that names the file or option,
 * prints no stack trace and leaves no run folder behind.
 */
class BadInputTest {
    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void benchmark() throws Exception {
        data = tmp.resolve("streets");
        StreetBenchmark.generate(data, new StreetBenchmark.Spec(32, 64, 4, 2, 2, 5));
    }

    /** A copy of the source with {@code file} (relative) replaced by {@code bytes}. */
    private static Path sourceWith(String name, String file, byte[] bytes) throws Exception {
        Path copy = tmp.resolve(name);
        for (String sub : List.of("images", "labels")) {
            Files.createDirectories(copy.resolve(sub));
            try (var s = Files.list(data.resolve("source").resolve(sub))) {
                for (Path p : s.toList()) {
                    Files.copy(p, copy.resolve(sub).resolve(p.getFileName()));
                }
            }
        }
        Files.write(copy.resolve(file), bytes);
        return copy;
    }

    private static String[] run(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        try {
            return new String[] {Integer.toString(Main.execute(args)), buf.toString()};
        } finally {
            System.setErr(err);
        }
    }

    /** Trains with {@code extra} on {@code source}; checks the refusal names {@code named} and writes nothing. */
    private static void refused(String source, String named, String... extra) {
        Path out = tmp.resolve("run-" + Math.abs((source + String.join(" ", extra)).hashCode()));
        List<String> args = new ArrayList<>(List.of("train", "--source", source, "--model", "small", "--iters", "1", "--batch", "2",
                "--crop", "32x64", "--out", out.toString(), "--no-progress", "--threads", "1", "--workers", "1"));
        for (int i = 0; i + 1 < extra.length; i += 2) { // an option given again replaces the default above
            int at = args.indexOf(extra[i]);
            if (at >= 0) {
                args.set(at + 1, extra[i + 1]);
            } else {
                args.addAll(List.of(extra[i], extra[i + 1]));
            }
        }
        String[] r = run(args.toArray(String[]::new));
        assertThat(r[0]).as(String.join(" ", args)).isNotEqualTo("0");
        oneLineNaming(r[1], named);
        assertThat(out).as("no run folder").doesNotExist();
    }

    private static void oneLineNaming(String stderr, String named) {
        List<String> lines = stderr.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as(stderr).hasSize(1);
        assertThat(lines.get(0)).startsWith("error: ").contains(named).doesNotContain("Exception", "\tat ");
    }

    @Test
    void corruptPngsAreFoundWhenTheDatasetOpens() throws Exception {
        byte[] label = Files.readAllBytes(data.resolve("source/labels/00001.png"));
        refused("gta5:" + sourceWith("truncated", "labels/00001.png", Arrays.copyOf(label, label.length / 2)), "00001.png");
        refused("gta5:" + sourceWith("notpng", "images/00002.png", "not a picture".getBytes()), "00002.png");
        refused("gta5:" + sourceWith("mismatch", "labels/00000.png", shrunkPng()), "00000.png");
    }

    /** A valid 8×8 grey PNG: a label of the wrong size. */
    private static byte[] shrunkPng() throws Exception {
        Path f = tmp.resolve("small.png");
        org.segadapt.data.Png.writeGrey(f, 8, 8, new byte[64]);
        return Files.readAllBytes(f);
    }

    @Test
    void badDatasetsAndNumbersAreNamed() throws Exception {
        String source = "gta5:" + data.resolve("source");
        Files.createDirectories(tmp.resolve("empty/images"));
        Files.createDirectories(tmp.resolve("empty/labels"));
        refused("gta5:" + tmp.resolve("empty"), "empty");
        Path unpaired = sourceWith("unpaired", "images/99999.png", Files.readAllBytes(data.resolve("source/images/00000.png")));
        refused("gta5:" + unpaired, "99999.png");
        refused("kitti:" + data.resolve("source"), "kitti");
        refused(source, "--batch", "--batch", "0");
        refused(source, "--iters", "--iters", "-3");
        refused(source, "--crop", "--crop", "4000x4000");
        refused(source, "--lr", "--lr", "NaN");
        refused(source, "--lr", "--lr", "-0.01");
        // pseudo-labelling needs exactly one of Δ and a kept share, and a share in (0, 1]
        String target = "cityscapes:" + data.resolve("target");
        for (String[] extra : new String[][] {{}, {"--margin", "0", "--kept-share", "0.5"}, {"--kept-share", "1.5"}}) {
            List<String> args = new ArrayList<>(List.of("pseudo-label", "--checkpoint", data.toString(), "--target", target, "--out",
                    tmp.resolve("pseudo").toString(), "--threads", "1"));
            args.addAll(List.of(extra));
            String[] r = run(args.toArray(String[]::new));
            assertThat(r[0]).as(String.join(" ", args)).isNotEqualTo("0");
            oneLineNaming(r[1], extra.length == 2 ? "--kept-share" : "--margin");
            assertThat(tmp.resolve("pseudo")).doesNotExist();
        }
    }

    @Test
    void badWeightFilesAreNamed() throws Exception {
        byte[] random = new byte[4096];
        new Random(3).nextBytes(random);
        ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).put("{\"a\":1} ".getBytes());
        byte[] valid = ("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}").getBytes();
        ByteBuffer truncated = ByteBuffer.allocate(8 + valid.length + 4).order(ByteOrder.LITTLE_ENDIAN).putLong(valid.length).put(valid);
        int i = 0;
        for (byte[] bytes : List.of(random, header.array(), truncated.array())) {
            Path f = tmp.resolve("bad" + i++ + ".safetensors");
            Files.write(f, bytes);
            Path out = tmp.resolve("imported" + i);
            String[] r = run("import-weights", "--model", "small", "--from", f.toString(), "--out", out.toString());
            assertThat(r[0]).isNotEqualTo("0");
            oneLineNaming(r[1], f.getFileName().toString());
            assertThat(out).doesNotExist();
        }
    }

    @Test
    void aRunInUseAndARunOfAnotherModelAreRefused() throws Exception {
        Path run = tmp.resolve("locked");
        assertThat(run("train", "--source", "gta5:" + data.resolve("source"), "--model", "small", "--iters", "1", "--batch", "2",
                "--crop", "32x64", "--out", run.toString(), "--no-progress", "--threads", "1", "--workers", "1")[0]).isEqualTo("0");
        try (RunLock held = RunLock.acquire(run)) {
            String[] r = run("train", "--resume", run.toString(), "--no-progress", "--threads", "1");
            assertThat(r[0]).isNotEqualTo("0");
            oneLineNaming(r[1], "in use");
        }
        Path state = run.resolve(Files.readString(run.resolve("latest")).trim()).resolve("state.json");
        Files.writeString(state, Files.readString(state).replace("\"small\"", "\"bisenet\""));
        String[] r = run("evaluate", "--checkpoint", run.toString(), "--data", "cityscapes:" + data.resolve("target"), "--threads", "1");
        assertThat(r[0]).isNotEqualTo("0");
        oneLineNaming(r[1], "model.params");
    }
}
