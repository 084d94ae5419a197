package dev.sphereclr.pretrain.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock of a run folder: one process writes a run at a time. The lock is the operating system's
 * lock on {@code .lock} in the folder, which holds the writer's PID; it ends with the process
 * however the process ends, so a lock left by a dead process is simply taken over.
 */
public final class RunLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);

    /** The lock file's name in the run folder. */
    public static final String FILE = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code folder} (creating it) for this process.
     *
     * @throws IOException naming the folder and the PID of the process that holds it
     */
    public static RunLock acquire(Path folder) throws IOException {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IOException("--out " + folder + " is a file, not a folder");
        }
        Files.createDirectories(folder);
        Path file = folder.resolve(FILE);
        FileChannel channel =
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this very process holds it
        }
        String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (lock == null) {
            channel.close();
            throw new IOException(
                    folder
                            + " is being written by process "
                            + (holder.isEmpty() ? "(unknown)" : holder)
                            + " (lock "
                            + file
                            + "): wait for it or stop it, or choose another --out");
        }
        String self = Long.toString(ProcessHandle.current().pid());
        if (!holder.isEmpty() && !holder.equals(self)) {
            LOG.info("{}: taking over the lock of process {}, which has ended", folder, holder);
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(self.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        return new RunLock(channel, lock);
    }

    /** Releases the folder, leaving the lock file empty. */
    @Override
    public void close() throws IOException {
        try {
            channel.truncate(0);
            lock.release();
        } finally {
            channel.close();
        }
    }
}
