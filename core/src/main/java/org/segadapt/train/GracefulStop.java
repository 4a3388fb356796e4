package org.segadapt.train;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Ctrl-C or SIGTERM while a run trains. The JVM's exit would unload libtorch under the step in flight (a native crash and
 * an hs_err file); instead its shutdown hook waits for the step to end, and the loop stops between steps with its logs
 * closed, so that {@code --resume} continues from the last checkpoint.
 */
final class GracefulStop implements AutoCloseable {
    /** Longer than one step of the largest network on a CPU; after it the JVM exits regardless. */
    private static final long WAIT_S = 300;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread hook = new Thread(this::awaitStep, "segadapt-stop");
    private final int total;
    private final Path runDir;
    private volatile boolean requested;
    private int done;

    /** For a run at iteration {@code start} of {@code total}, in {@code runDir}. */
    GracefulStop(int start, int total, Path runDir) {
        this.done = start;
        this.total = total;
        this.runDir = runDir;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    boolean requested() {
        return requested;
    }

    /** The iterations done so far, for the line printed when the loop has stopped. */
    void done(int iterations) {
        done = iterations;
    }

    private void awaitStep() {
        requested = true;
        try {
            stopped.await(WAIT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Between steps: a stop asked for releases the hook, and this thread waits for the JVM's exit outside native code. */
    @Override
    public void close() {
        if (!requested) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
                return;
            } catch (IllegalStateException shuttingDown) {
                requested = true; // the exit began after the last step
            }
        }
        System.err.printf("stopped after iteration %d of %d; continue with --resume %s (from its last checkpoint)%n", done, total, runDir);
        stopped.countDown();
        while (true) {
            LockSupport.park(this);
        }
    }
}
