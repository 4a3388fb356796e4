package org.segadapt.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One writer per run folder: an OS file lock on {@code RUN/.lock}, held while a run trains, so a second process
 * (or a second {@code --resume}) stops at once instead of interleaving checkpoints. The kernel drops the lock when
 * the process dies, even by {@code kill -9}, so a crashed run can always be resumed.
 */
public final class RunLock implements AutoCloseable {
    public static final String FILE = ".lock";
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Another process (or another run in this JVM) is training this run folder. */
    public static final class InUse extends IOException {
        InUse(Path run) {
            super(run + ": in use by another segadapt run; wait for it to finish (or stop it), then --resume " + run);
        }
    }

    public static RunLock acquire(Path run) throws IOException {
        Files.createDirectories(run);
        FileChannel ch = FileChannel.open(run.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            ch.close();
            throw new InUse(run);
        }
        return new RunLock(ch, l);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
