package org.segadapt.train;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.segadapt.cli.Main;

/**
 * A child JVM for {@link CrashResumeTest}: runs the command line and sends itself SIGKILL at the {@code N}th time a
 * checkpoint save reaches {@code STAGE} (see {@link Checkpoint#stage}). Arguments: {@code STAGE N COMMAND...}.
 */
final class KillingMain {
    private KillingMain() {}

    public static void main(String[] args) throws Exception {
        String point = args[0];
        int nth = Integer.parseInt(args[1]);
        AtomicInteger seen = new AtomicInteger();
        Checkpoint.stage = s -> {
            if (s.equals(point) && seen.incrementAndGet() == nth) {
                killSelf();
            }
        };
        System.exit(Main.execute(Arrays.copyOfRange(args, 2, args.length)));
    }

    private static void killSelf() {
        try {
            new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid())).inheritIO().start().waitFor();
            Thread.sleep(60_000); // SIGKILL is asynchronous: never return into the save
        } catch (Exception e) {
            Runtime.getRuntime().halt(137);
        }
    }
}
