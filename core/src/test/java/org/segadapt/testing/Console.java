package org.segadapt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.segadapt.cli.Main;

/** Runs the command line in-process and returns what it printed, asserting its exit status. */
public final class Console {
    private Console() {}

    /** stdout of a command that must succeed. */
    public static String out(String... args) {
        return capture(true, true, args);
    }

    /** stderr of a command that must fail. */
    public static String err(String... args) {
        return capture(false, false, args);
    }

    private static String capture(boolean stdout, boolean succeed, String... args) {
        PrintStream old = stdout ? System.out : System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream to = new PrintStream(buf, true);
        if (stdout) {
            System.setOut(to);
        } else {
            System.setErr(to);
        }
        try {
            int rc = Main.execute(args);
            if (succeed) {
                assertThat(rc).as(String.join(" ", args)).isZero();
            } else {
                assertThat(rc).as(String.join(" ", args)).isNotZero();
            }
        } finally {
            if (stdout) {
                System.setOut(old);
            } else {
                System.setErr(old);
            }
        }
        return buf.toString();
    }
}
