package org.clustersim.scenario.sweep;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.clustersim.error.UserError;
import org.clustersim.scenario.files.AtomicFiles;

/**
 * The append-only results file of a running sweep. Created atomically with its header; then each finished point is
 * one JSON line written whole with a single write and handed to the operating system at once, so killing the process
 * at any moment (SIGKILL included) loses at most the points in flight. Opening an existing file resumes it: its points
 * count as done, a torn last line is cut off, and a file of another sweep or shard is refused. The file is locked
 * while open so two processes cannot interleave lines.
 *
 * <p>Lines reach the disk itself (fsync) at most {@link #SYNC_INTERVAL_NANOS} apart and at close: a crash of the
 * whole machine can lose that last second, never the file's shape.
 */
public final class ResultsStore implements Closeable {

    static final long SYNC_INTERVAL_NANOS = 1_000_000_000L;

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;
    private final ResultsJson json = new ResultsJson();
    private final Map<Integer, PointResult> latest;
    private final SweepHeader header;
    private final boolean droppedTornLine;
    private final int corruptLines;
    private long lastSync = System.nanoTime();
    private boolean dirty;

    private ResultsStore(Path path, FileChannel channel, FileLock lock, SweepHeader header,
                         Map<Integer, PointResult> latest, boolean droppedTornLine, int corruptLines) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
        this.header = header;
        this.latest = latest;
        this.droppedTornLine = droppedTornLine;
        this.corruptLines = corruptLines;
    }

    /**
     * Opens {@code path} for the sweep {@code header} describes: creates it, or resumes it when it holds the same
     * sweep and shard.
     */
    public static ResultsStore open(Path path, SweepHeader header) {
        Objects.requireNonNull(header, "header");
        try {
            Path dir = path.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            if (!Files.exists(path) || Files.size(path) == 0) {
                AtomicFiles.writeString(path, new ResultsJson().header(header) + "\n");
            }
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new UserError("results file " + path + " is in use by another sweep",
                        "wait for it to finish, or write to another file with --out");
            }
            try {
                ResultsFile existing = ResultsFile.read(path);
                SweepHeader found = existing.header();
                if (!found.sweepId().equals(header.sweepId())) {
                    throw new UserError("results file " + path + " belongs to another sweep (" + found.name() + ", id "
                            + found.sweepId() + "; this sweep's id is " + header.sweepId() + ")",
                            "the base scenario or the axes changed since it was written: write to another file with "
                                    + "--out, or delete it to start over");
                }
                if (!Objects.equals(found.shard(), header.shard())) {
                    throw new UserError("results file " + path + " holds shard " + orAll(found.shard())
                            + ", not " + orAll(header.shard()), "give each shard its own --out file");
                }
                if (existing.goodBytes() < channel.size()) {
                    channel.truncate(existing.goodBytes());
                    channel.force(true);
                }
                channel.position(channel.size());
                Map<Integer, PointResult> latest = new TreeMap<>();
                for (PointResult p : existing.points()) {
                    if (p.sweepId().equals(header.sweepId())) {
                        latest.put(p.point(), p);
                    }
                }
                return new ResultsStore(path, channel, lock, found, latest, existing.tornTail(),
                        existing.corruptLines().size());
            } catch (RuntimeException e) {
                lock.release();
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open results file " + path, e);
        }
    }

    private static String orAll(String shard) {
        return shard == null ? "all (no shard)" : shard;
    }

    public Path path() {
        return path;
    }

    public SweepHeader header() {
        return header;
    }

    /** True when opening found a partial last line and cut it off. */
    public boolean droppedTornLine() {
        return droppedTornLine;
    }

    /** Complete lines that did not parse and were skipped. */
    public int corruptLines() {
        return corruptLines;
    }

    /** True when the point has a final result here (ok or invalid): a resumed sweep skips it. */
    public synchronized boolean isDone(int point) {
        PointResult p = latest.get(point);
        return p != null && p.isFinal();
    }

    /** The latest result of every point in the file, by index. */
    public synchronized Map<Integer, PointResult> results() {
        return new TreeMap<>(latest);
    }

    /** Appends one point's line and hands it to the operating system before returning. */
    public synchronized void append(PointResult result) {
        if (!result.sweepId().equals(header.sweepId())) {
            throw new IllegalArgumentException("result of sweep " + result.sweepId() + " in " + header.sweepId());
        }
        ByteBuffer line = ByteBuffer.wrap((json.point(result) + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (line.hasRemaining()) {
                channel.write(line);
            }
            dirty = true;
            long now = System.nanoTime();
            if (now - lastSync >= SYNC_INTERVAL_NANOS) {
                channel.force(false);
                lastSync = now;
                dirty = false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + path, e);
        }
        latest.put(result.point(), result);
    }

    @Override
    public synchronized void close() {
        try {
            if (channel.isOpen()) {
                if (dirty) {
                    channel.force(false);
                }
                lock.release();
                channel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + path, e);
        }
    }
}
