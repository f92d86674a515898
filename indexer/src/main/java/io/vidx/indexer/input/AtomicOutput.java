package io.vidx.indexer.input;

import com.github.luben.zstd.ZstdOutputStream;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A little-endian output file that appears all at once or not at all: bytes go through a large staging
 * buffer (zstd-compressed on the way when the target name ends in .zst) into a hidden temporary file in
 * the target's directory, and {@link #commit()} fsyncs it, renames it over the target and fsyncs the
 * directory; {@link #abort()} deletes it. So a crash or error never leaves a half-written file that a
 * later run would mistake for a complete one.
 */
final class AtomicOutput {
    static final int STAGING_BYTES = 4 << 20;
    static final int ZSTD_LEVEL = 3;

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream zstd; // null for plain output
    private final ByteBuffer staging = ByteBuffer.allocate(STAGING_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private enum State { OPEN, COMMITTED, ABORTED }

    private State state = State.OPEN;

    private AtomicOutput(Path target, Path temp, FileChannel channel, OutputStream zstd) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        this.zstd = zstd;
    }

    static AtomicOutput create(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || abs.getFileName() == null) throw new IOException(target + ": not a file path");
        Path temp;
        FileChannel ch;
        while (true) {
            temp = dir.resolve("." + abs.getFileName() + ".vidx-tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
            try {
                ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                break;
            } catch (FileAlreadyExistsException e) {
                // astronomically unlikely; pick another name
            }
        }
        try {
            OutputStream z = null;
            if (abs.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".zst")) {
                z = new ZstdOutputStream(new KeepOpen(Channels.newOutputStream(ch)), ZSTD_LEVEL);
            }
            return new AtomicOutput(abs, temp, ch, z);
        } catch (IOException | RuntimeException | Error e) {
            try {
                ch.close();
                Files.deleteIfExists(temp);
            } catch (IOException | RuntimeException c) {
                e.addSuppressed(c);
            }
            throw e;
        }
    }

    /** The temporary file, for tests. */
    Path temp() {
        return temp;
    }

    void putInt(int v) throws IOException {
        room(4);
        staging.putInt(v);
    }

    void putFloats(float[] v, int off, int n) throws IOException {
        int done = 0;
        while (done < n) {
            room(4);
            int k = Math.min(n - done, staging.remaining() >>> 2);
            staging.asFloatBuffer().put(v, off + done, k);
            staging.position(staging.position() + 4 * k);
            done += k;
        }
    }

    void putInts(int[] v, int off, int n) throws IOException {
        int done = 0;
        while (done < n) {
            room(4);
            int k = Math.min(n - done, staging.remaining() >>> 2);
            staging.asIntBuffer().put(v, off + done, k);
            staging.position(staging.position() + 4 * k);
            done += k;
        }
    }

    private void room(int bytes) throws IOException {
        if (state != State.OPEN) throw new IllegalStateException(target + ": output already " + state.name().toLowerCase(java.util.Locale.ROOT));
        if (staging.remaining() < bytes) flush();
    }

    private void flush() throws IOException {
        if (zstd != null) {
            zstd.write(staging.array(), 0, staging.position());
            staging.clear();
        } else {
            staging.flip();
            while (staging.hasRemaining()) channel.write(staging);
            staging.clear();
        }
    }

    /** Writes out everything, makes it durable and moves it to the target. On failure the temp file is deleted. */
    void commit() throws IOException {
        if (state == State.COMMITTED) return;
        if (state == State.ABORTED) throw new IllegalStateException(target + ": output already aborted");
        try {
            flush();
            if (zstd != null) zstd.close(); // ends the frame; KeepOpen leaves the channel open
            channel.force(true);
            channel.close();
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            state = State.COMMITTED;
        } catch (IOException | RuntimeException | Error e) {
            abort();
            throw e;
        }
        syncDirectory(target.getParent());
    }

    /** Drops everything written; the target is untouched. Safe to call more than once, and after commit (then it does nothing). */
    void abort() {
        if (state != State.OPEN) return;
        state = State.ABORTED;
        try {
            if (zstd != null) zstd.close();
        } catch (IOException | RuntimeException ignored) {
            // already failing; the temp file goes anyway
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // as above
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // leaves a hidden .vidx-tmp- file at worst
        }
    }

    /** Makes the rename durable; some file systems do not allow opening a directory, which is fine. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
    }

    /** Passes bulk writes straight through and ignores close, so the zstd stream can end its frame without closing the channel. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
