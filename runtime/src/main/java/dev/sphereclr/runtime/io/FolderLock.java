package dev.sphereclr.runtime.io;

import dev.sphereclr.encoder.io.SettingException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock of a folder that one process writes at a time (a run folder, an evaluation's output, the
 * feature cache): the operating system's lock on {@code .lock} in the folder, which holds the
 * writer's PID. It ends with the process however the process ends, so a lock left by a dead process
 * is simply taken over.
 *
 * <p>On Linux the lock is a POSIX record lock, which closing <em>any</em> descriptor of the file in
 * the process releases. So the file is opened once, by the one channel that locks it; the holder's
 * PID is read through that channel; and a second lock of the same folder in this JVM is refused
 * from a table here, without opening the file again.
 */
public final class FolderLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FolderLock.class);

    /** The lock file's name in the folder. */
    public static final String FILE = ".lock";

    /** The folders this JVM holds, by the real path of their lock file. */
    private static final Map<Path, FolderLock> HELD = new ConcurrentHashMap<>();

    private static final String SELF = Long.toString(ProcessHandle.current().pid());

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code folder} (creating it) for this process.
     *
     * @param option the option that named the folder, for messages ({@code --out})
     * @throws IOException naming the folder and the PID of the process that holds it
     */
    public static FolderLock acquire(Path folder, String option) throws IOException {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new SettingException(option + " " + folder + " is a file, not a folder");
        }
        Files.createDirectories(folder);
        Path file = folder.resolve(FILE);
        Path key = folder.toRealPath().resolve(FILE);
        synchronized (HELD) {
            if (HELD.containsKey(key)) {
                throw busy(folder, file, SELF, option);
            }
            FileChannel channel =
                    FileChannel.open(
                            file,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
            try {
                FileLock lock = tryLock(channel);
                String holder = read(channel);
                if (lock == null) {
                    throw busy(folder, file, holder, option);
                }
                if (!holder.isEmpty() && !holder.equals(SELF)) {
                    LOG.info(
                            "{}: taking over the lock of process {}, which has ended",
                            folder,
                            holder);
                }
                try {
                    channel.truncate(0);
                    channel.write(ByteBuffer.wrap(SELF.getBytes(StandardCharsets.UTF_8)), 0);
                    channel.force(false);
                } catch (IOException e) {
                    throw new IOException("cannot write the lock file " + file + " (" + e + ")", e);
                }
                FolderLock held = new FolderLock(key, channel, lock);
                HELD.put(key, held);
                return held;
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
    }

    /**
     * Locks {@code folder} like {@link #acquire}, waiting up to {@code patience} for a holder to
     * release it: for folders several processes share by turns, such as the feature cache.
     */
    public static FolderLock await(Path folder, String option, Duration patience)
            throws IOException {
        long deadline = System.nanoTime() + patience.toNanos();
        boolean told = false;
        while (true) {
            try {
                return acquire(folder, option);
            } catch (Busy e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                if (!told) {
                    LOG.info("{}; waiting", e.getMessage());
                    told = true;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for " + folder, interrupted);
                }
            }
        }
    }

    /** The folder is locked by another process, or by another lock in this one. */
    public static final class Busy extends IOException {
        private static final long serialVersionUID = 1L;

        Busy(String message) {
            super(message);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // this JVM holds it through a lock taken outside this class
        }
    }

    /** The PID written in the lock file, read through the channel that holds or tried the lock. */
    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        int n = Math.max(0, channel.read(buffer, 0));
        return new String(buffer.array(), 0, n, StandardCharsets.UTF_8).trim();
    }

    private static Busy busy(Path folder, Path file, String holder, String option) {
        return new Busy(
                folder
                        + " is being written by process "
                        + (holder.isEmpty() ? "(unknown)" : holder)
                        + " (lock "
                        + file
                        + "): wait for it or stop it, or choose another "
                        + option);
    }

    /** The PID this lock wrote, read through its own channel (the file is not opened again). */
    public String holder() throws IOException {
        return read(channel);
    }

    /** Releases the folder, leaving the lock file empty. */
    @Override
    public void close() throws IOException {
        synchronized (HELD) {
            try {
                channel.truncate(0);
                lock.release();
            } finally {
                HELD.remove(key, this);
                channel.close();
            }
        }
    }
}
