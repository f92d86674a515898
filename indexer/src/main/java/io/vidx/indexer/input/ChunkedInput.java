package io.vidx.indexer.input;

import com.github.luben.zstd.ZstdIOException;
import com.github.luben.zstd.ZstdInputStream;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

/**
 * The shared chunked little-endian decoder under every reader: pulls the (decompressed) bytes of one
 * file through a single large buffer (8 MiB by default) and decodes them in bulk into caller arrays,
 * tracking the byte offset for error messages. Plain files are read with a {@link FileChannel} into an
 * off-heap buffer owned by this object (freed at {@link #close()}, not left to the GC); .zst files go
 * through a {@link ZstdInputStream} into a heap buffer. Records may straddle buffer refills: every
 * bulk read loops across them, so correctness never depends on the buffer size (tests use tiny ones).
 * Reads return how many whole elements they got, and the caller, which knows which vector it is on,
 * words the error; the only errors thrown here are corrupt zstd streams.
 */
final class ChunkedInput implements Closeable {
    static final int DEFAULT_BUFFER_BYTES = 8 << 20;
    /** Smallest buffer that holds a record header (4 bytes) and the widest element (8 bytes). */
    static final int MIN_BUFFER_BYTES = 16;

    private final Origin origin;
    private final FileChannel channel;  // plain file, else null
    private final InputStream zstd;     // compressed file, else null
    private final Arena arena;          // owns the off-heap buffer of a plain file, else null
    private final ByteBuffer buf;       // in read mode: [position, limit) is buffered, unread data
    private long filled;                // bytes taken from the source so far
    private boolean eof;
    private boolean closed;
    private ZstdIOException pending;    // a decompression failure not yet reached by the reader
    private long recordsStart = -1;     // for naming the vector in corrupt-stream errors
    private long recordBytes;

    private ChunkedInput(Origin origin, FileChannel channel, InputStream zstd, Arena arena, ByteBuffer buf) {
        this.origin = origin;
        this.channel = channel;
        this.zstd = zstd;
        this.arena = arena;
        this.buf = buf.order(ByteOrder.LITTLE_ENDIAN);
        this.buf.limit(0);
    }

    /** Opens {@code origin} for one sequential pass from byte 0 of its (decompressed) content. */
    static ChunkedInput open(Origin origin, int bufferBytes) throws IOException {
        if (bufferBytes < MIN_BUFFER_BYTES) throw new IllegalArgumentException("buffer of " + bufferBytes + " bytes is below " + MIN_BUFFER_BYTES);
        if (origin.zst()) {
            InputStream raw = Files.newInputStream(origin.path());
            try {
                return new ChunkedInput(origin, null, new ZstdInputStream(raw), null, ByteBuffer.allocate(bufferBytes));
            } catch (IOException | RuntimeException | Error e) {
                closeAfter(raw, e);
                throw e;
            }
        }
        FileChannel ch = FileChannel.open(origin.path(), StandardOpenOption.READ);
        Arena arena = null;
        try {
            arena = Arena.ofShared();
            ByteBuffer b = arena.allocate(bufferBytes, 64).asByteBuffer();
            return new ChunkedInput(origin, ch, null, arena, b);
        } catch (RuntimeException | Error e) {
            if (arena != null) arena.close();
            closeAfter(ch, e);
            throw e;
        }
    }

    /** Lets corrupt-stream errors name the vector: records of {@code bytes} bytes start at offset {@code start}. */
    void describeRecords(long start, long bytes) {
        this.recordsStart = start;
        this.recordBytes = bytes;
    }

    /** Byte offset (in the decompressed content) of the next unread byte. */
    long position() {
        return filled - buf.remaining();
    }

    /** Bytes buffered and not yet read; at the end of the stream, the leftover of a partial element. */
    int buffered() {
        return buf.remaining();
    }

    /**
     * Buffers at least {@code want} bytes unless the stream ends first; returns how many are buffered.
     * {@code want} must not exceed the buffer size.
     */
    int available(int want) throws IOException {
        if (want > buf.capacity()) throw new IllegalArgumentException(want + " bytes do not fit a buffer of " + buf.capacity());
        return fill(want);
    }

    /** True if no byte is left. */
    boolean atEnd() throws IOException {
        return fill(1) == 0;
    }

    /** The next int32; the caller has made sure that 4 bytes are {@linkplain #available(int) available}. */
    int getInt() {
        return buf.getInt();
    }

    /** Discards up to {@code n} bytes; returns how many were discarded (fewer only at the end). */
    long skip(long n) throws IOException {
        long done = 0;
        while (done < n) {
            if (!buf.hasRemaining() && fill(1) == 0) break;
            int k = (int) Math.min(n - done, buf.remaining());
            buf.position(buf.position() + k);
            done += k;
        }
        return done;
    }

    /** Reads up to {@code n} bytes into dst[off..]; returns how many (fewer only at the end). */
    int readBytes(byte[] dst, int off, int n) throws IOException {
        int done = 0;
        while (done < n) {
            if (!buf.hasRemaining() && fill(1) == 0) break;
            int k = Math.min(n - done, buf.remaining());
            buf.get(dst, off + done, k);
            done += k;
        }
        return done;
    }

    /** Reads up to {@code n} int32 values into dst[off..]; returns how many whole values (fewer only at the end). */
    int readInts(int[] dst, int off, int n) throws IOException {
        int done = 0;
        while (done < n) {
            if (buf.remaining() < 4 && fill(4) < 4) break;
            int k = Math.min(n - done, buf.remaining() >>> 2);
            buf.asIntBuffer().get(dst, off + done, k);
            buf.position(buf.position() + 4 * k);
            done += k;
        }
        return done;
    }

    /**
     * Reads up to {@code n} values of type {@code type} into dst[off..] converted to float32; returns how
     * many whole values (fewer only at the end). Float64 values beyond float32 range become infinities,
     * which the callers' finiteness check then reports.
     */
    int readAsFloats(ElementType type, float[] dst, int off, int n) throws IOException {
        int size = type.size;
        int done = 0;
        while (done < n) {
            if (buf.remaining() < size && fill(size) < size) break;
            int k = Math.min(n - done, buf.remaining() / size);
            int p = buf.position();
            int o = off + done;
            switch (type) {
                case F32 -> buf.asFloatBuffer().get(dst, o, k);
                case F64 -> { for (int i = 0; i < k; i++) dst[o + i] = (float) buf.getDouble(p + 8 * i); }
                case U8 -> { for (int i = 0; i < k; i++) dst[o + i] = buf.get(p + i) & 0xFF; }
                case I32 -> { for (int i = 0; i < k; i++) dst[o + i] = buf.getInt(p + 4 * i); }
            }
            buf.position(p + k * size);
            done += k;
        }
        return done;
    }

    private int fill(int want) throws IOException {
        if (closed) throw new IllegalStateException(origin.name() + ": read after close");
        if (buf.remaining() >= want || eof) return buf.remaining();
        if (pending != null) throw corrupt(pending);
        buf.compact();
        try {
            while (buf.hasRemaining()) {
                int r;
                try {
                    r = readSource();
                } catch (ZstdIOException e) {
                    // Hand out the good bytes before the failure first, so the error names the right vector.
                    if (buf.position() == 0) throw corrupt(e);
                    pending = e;
                    break;
                }
                if (r < 0) {
                    eof = true;
                    break;
                }
                filled += r;
            }
        } finally {
            buf.flip();
        }
        return buf.remaining();
    }

    /** At most this much is decompressed per call, so a failure loses little of the good data before it. */
    private static final int ZSTD_READ_BYTES = 128 << 10;

    private int readSource() throws IOException {
        if (channel != null) return channel.read(buf);
        int r = zstd.read(buf.array(), buf.arrayOffset() + buf.position(), Math.min(buf.remaining(), ZSTD_READ_BYTES));
        if (r > 0) buf.position(buf.position() + r);
        return r;
    }

    private VectorFileException corrupt(ZstdIOException e) {
        long at = filled; // every byte decoded before the failure has been handed out
        String detail = "corrupt or truncated zstd data: decompression failed after " + at + " bytes (" + e.getMessage()
                + (at == 0 ? "; is it a zstd file?" : "") + ")";
        if (recordBytes > 0 && at >= recordsStart) {
            long v = (at - recordsStart) / recordBytes;
            return origin.at(v, recordsStart + v * recordBytes, detail, e);
        }
        return new VectorFileException(origin.name() + ": " + detail, origin.name(), -1, at, e);
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            if (channel != null) channel.close();
            if (zstd != null) zstd.close();
        } finally {
            if (arena != null) arena.close();
        }
    }

    private static void closeAfter(Closeable c, Throwable primary) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            primary.addSuppressed(e);
        }
    }
}
