package io.vidx.indexer.input;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reader for the TEXMEX "vecs" family: fvecs (float32), bvecs (uint8) and ivecs (int32), plain or
 * zstd-compressed. The three share one framing, each vector being an int32 dimension followed by that
 * many elements, so one class serves all three, parameterized by the {@link ElementType}. At open it
 * takes the dimension from the first record and derives the count from the size (file size for plain
 * files, the declared content size for .zst files when {@link ZstdFrames} can tell, otherwise a
 * counting pass that also checks every record's dimension); each pass then checks every record's
 * dimension and, for fvecs, that all values are finite.
 */
final class VecsFile implements VectorFile {
    static final int MAX_DIM = 65536;

    private final Origin origin;
    private final ElementType type;
    private final String format;
    private final int dim;
    private final long count;
    private final int bufferBytes;

    private VecsFile(Origin origin, ElementType type, String format, int dim, long count, int bufferBytes) {
        this.origin = origin;
        this.type = type;
        this.format = format;
        this.dim = dim;
        this.count = count;
        this.bufferBytes = bufferBytes;
    }

    /** Opens and sizes {@code origin}, a file of {@code type} records named {@code ext} ("fvecs", ...). */
    static VecsFile open(Origin origin, ElementType type, String ext, int bufferBytes) throws IOException {
        String format = origin.zst() ? ext + "+zst" : ext;
        if (!origin.zst()) {
            try (FileChannel ch = FileChannel.open(origin.path(), StandardOpenOption.READ)) {
                long size = ch.size();
                if (size == 0) throw origin.error("empty file: no vectors");
                if (size < 4) throw origin.at(0, 0, "truncated record: the file has " + size + " bytes, a record needs at least 4 for its dimension");
                ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
                while (b.hasRemaining() && ch.read(b, b.position()) >= 0) { /* positional read of the header */ }
                int dim = checkFirstDim(origin, b.getInt(0));
                return new VecsFile(origin, type, format, dim, countFromSize(origin, type, dim, size), bufferBytes);
            }
        }
        try (ChunkedInput in = ChunkedInput.open(origin, bufferBytes)) {
            int got = in.available(4);
            if (got == 0) throw origin.error("empty file (after decompression): no vectors");
            if (got < 4) throw origin.at(0, 0, "truncated record: the data has " + got + " bytes, a record needs at least 4 for its dimension");
            int dim = checkFirstDim(origin, in.getInt());
            long size = ZstdFrames.contentSize(origin.path());
            long count = size >= 0 ? countFromSize(origin, type, dim, size) : countByPass(origin, type, dim, in);
            return new VecsFile(origin, type, format, dim, count, bufferBytes);
        }
    }

    private static int checkFirstDim(Origin origin, int d) throws VectorFileException {
        if (d < 1 || d > MAX_DIM) throw origin.at(0, 0, "dimension " + d + " is out of range, expected 1.." + MAX_DIM);
        return d;
    }

    private static long recordBytes(ElementType type, int dim) {
        return 4 + (long) dim * type.size;
    }

    private static long countFromSize(Origin origin, ElementType type, int dim, long size) throws VectorFileException {
        long rec = recordBytes(type, dim);
        if (size % rec != 0) {
            long last = size / rec;
            throw origin.at(last, last * rec, "truncated record: " + (size - last * rec) + " of " + rec + " bytes present (size "
                    + size + " is not a multiple of the record size " + rec + " = 4 + " + dim + " x " + type.size + ")");
        }
        return size / rec;
    }

    /** Counts the records of a stream whose first dimension has been read; checks every dimension. */
    private static long countByPass(Origin origin, ElementType type, int dim, ChunkedInput in) throws IOException {
        long rec = recordBytes(type, dim);
        in.describeRecords(0, rec);
        long body = rec - 4;
        long n = 0;
        while (true) {
            long at = n * rec;
            if (n > 0) {
                int got = in.available(4);
                if (got == 0) return n;
                if (got < 4) throw truncated(origin, n, at, got, rec);
                int d = in.getInt();
                if (d != dim) throw wrongDim(origin, n, at, d, dim);
            }
            long skipped = in.skip(body);
            if (skipped < body) throw truncated(origin, n, at, 4 + skipped, rec);
            n++;
        }
    }

    private static VectorFileException truncated(Origin origin, long vector, long at, long have, long rec) {
        return origin.at(vector, at, "truncated record: the data ends after " + have + " of its " + rec + " bytes");
    }

    private static VectorFileException wrongDim(Origin origin, long vector, long at, int found, int dim) {
        return origin.at(vector, at, "dimension " + found + ", expected " + dim + " (the first vector's)");
    }

    @Override public Path path() { return origin.path(); }
    @Override public String format() { return format; }
    @Override public int dim() { return dim; }
    @Override public long count() { return count; }

    @Override
    public VectorCursor open() throws IOException {
        ChunkedInput in = ChunkedInput.open(origin, bufferBytes);
        in.describeRecords(0, recordBytes(type, dim));
        return new Cursor(in);
    }

    @Override
    public String toString() {
        return origin.name() + " (" + format + ", " + count + " x " + dim + ")";
    }

    /** One pass: reads exactly {@link #count} records, then verifies that nothing follows them. */
    private final class Cursor implements VectorCursor {
        private final ChunkedInput in;
        private final long rec = recordBytes(type, dim);
        private long index;
        private boolean verifiedEnd;

        Cursor(ChunkedInput in) {
            this.in = in;
        }

        @Override
        public boolean next(float[] out) throws IOException {
            if (out.length < dim) throw new IllegalArgumentException("out has " + out.length + " floats, dim is " + dim);
            if (index == count) {
                verifyEnd();
                return false;
            }
            readOne(out, 0);
            return true;
        }

        @Override
        public int next(float[] out, int max) throws IOException {
            if (max < 1) throw new IllegalArgumentException("max must be at least 1, got " + max);
            if (out.length < (long) max * dim) throw new IllegalArgumentException("out has " + out.length + " floats, " + max + " x " + dim + " needed");
            int k = (int) Math.min(max, count - index);
            if (k == 0) {
                verifyEnd();
                return 0;
            }
            for (int i = 0; i < k; i++) readOne(out, i * dim);
            return k;
        }

        private void readOne(float[] out, int off) throws IOException {
            long at = in.position();
            if (at != index * rec) throw new IllegalStateException(origin.name() + ": cursor is unusable after an earlier error");
            int got = in.available(4);
            if (got < 4) throw truncated(origin, index, at, got, rec);
            int d = in.getInt();
            if (d != dim) throw wrongDim(origin, index, at, d, dim);
            int n = in.readAsFloats(type, out, off, dim);
            if (n < dim) throw truncated(origin, index, at, in.position() + in.buffered() - at, rec);
            if (type.floating) {
                int bad = Floats.firstNonFinite(out, off, off + dim);
                if (bad >= 0) throw origin.at(index, at, "vector " + index + " has a non-finite value (" + out[bad] + ") at dimension " + (bad - off));
            }
            index++;
        }

        private void verifyEnd() throws IOException {
            if (verifiedEnd) return;
            if (!in.atEnd()) {
                throw origin.at(count, in.position(), "unexpected data after the last of the " + count
                        + " vectors counted at open (did the file change since it was opened?)");
            }
            verifiedEnd = true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
