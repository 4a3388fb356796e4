package org.segadapt.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of this process from {@code /proc/self/status}: {@code VmRSS} (now) and {@code VmHWM}
 * (the peak). Includes native (libtorch) memory, which the JVM's own counters do not see.
 */
public final class Rss {
    private static final Path STATUS = Path.of("/proc/self/status");

    private Rss() {}

    /** Current resident set in KiB. */
    public static long currentKb() {
        return read("VmRSS");
    }

    /** Peak resident set (high-water mark) in KiB. */
    public static long peakKb() {
        return read("VmHWM");
    }

    private static long read(String key) {
        try {
            return parse(Files.readString(STATUS), key);
        } catch (IOException e) {
            throw new UncheckedIOException(STATUS + ": unreadable (RSS needs Linux /proc)", e);
        }
    }

    /** The value in KiB of a {@code Key:   1234 kB} line of a /proc status text. */
    public static long parse(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key + ":")) {
                String v = line.substring(key.length() + 1).trim();
                if (!v.endsWith("kB")) {
                    throw new IllegalArgumentException(STATUS + ": line '" + line + "' is not in kB");
                }
                return Long.parseLong(v.substring(0, v.length() - 2).trim());
            }
        }
        throw new IllegalArgumentException(STATUS + ": no " + key + " line");
    }
}
