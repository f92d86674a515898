package io.vidx.indexer.input;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reader for NumPy .npy files (format versions 1.0, 2.0 and 3.0), plain or zstd-compressed, holding a
 * C-order 2-D array of shape (n, d) with dtype '<f4' (also '<f8', narrowed to float32, and '|u1' or
 * '<i4', widened). The header is parsed and checked once at open; the count is the header's n, and the
 * data length is checked against n*d at open when the size is known without decompressing (plain files,
 * and .zst files that declare their content size), otherwise by the pass that reaches the end. Since the
 * rows are contiguous, a block read decodes many vectors with one bulk call.
 */
final class NpyFile implements VectorFile {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy itself refuses headers over 10 000 bytes by default; allow more but keep the allocation bounded. */
    static final int MAX_HEADER_BYTES = 1 << 20;
    private static final Map<String, ElementType> DTYPES = Map.of(
            "<f4", ElementType.F32, "<f8", ElementType.F64, "|u1", ElementType.U8, "<u1", ElementType.U8, "<i4", ElementType.I32);

    private final Origin origin;
    private final ElementType type;
    private final int dim;
    private final long count;
    private final long dataStart;
    private final int bufferBytes;

    private NpyFile(Origin origin, ElementType type, int dim, long count, long dataStart, int bufferBytes) {
        this.origin = origin;
        this.type = type;
        this.dim = dim;
        this.count = count;
        this.dataStart = dataStart;
        this.bufferBytes = bufferBytes;
    }

    static NpyFile open(Origin origin, int bufferBytes) throws IOException {
        NpyFile f;
        // Headers are small: no need to pull a whole 8 MiB buffer in just to parse one.
        try (ChunkedInput in = ChunkedInput.open(origin, Math.min(bufferBytes, 64 << 10))) {
            f = readHeader(origin, in, bufferBytes);
        }
        long size = origin.zst() ? ZstdFrames.contentSize(origin.path()) : Files.size(origin.path());
        if (size >= 0) f.checkDataLength(size - f.dataStart);
        return f;
    }

    private static NpyFile readHeader(Origin origin, ChunkedInput in, int bufferBytes) throws IOException {
        if (in.atEnd()) throw origin.error("empty file" + (origin.zst() ? " (after decompression)" : "") + ": no vectors");
        byte[] magic = new byte[MAGIC.length];
        if (in.readBytes(magic, 0, magic.length) < magic.length || !Arrays.equals(magic, MAGIC)) {
            throw origin.atByte(0, "not an npy file: it does not start with \\x93NUMPY");
        }
        byte[] version = new byte[2];
        if (in.readBytes(version, 0, 2) < 2) throw origin.atByte(6, "truncated npy header: the file ends inside the version");
        int major = version[0] & 0xFF, minor = version[1] & 0xFF;
        if (major < 1 || major > 3 || minor != 0) {
            throw origin.atByte(6, "npy format version " + major + "." + minor + " is not supported, expected 1.0, 2.0 or 3.0");
        }
        byte[] len = new byte[major == 1 ? 2 : 4];
        if (in.readBytes(len, 0, len.length) < len.length) throw origin.atByte(8, "truncated npy header: the file ends inside the header length");
        long headerLen = 0;
        for (int i = len.length - 1; i >= 0; i--) headerLen = headerLen << 8 | (len[i] & 0xFF);
        long headerStart = 8 + len.length;
        if (headerLen > MAX_HEADER_BYTES) {
            throw origin.atByte(8, "npy header length " + headerLen + " is over the limit of " + MAX_HEADER_BYTES + " bytes");
        }
        byte[] header = new byte[(int) headerLen];
        int got = in.readBytes(header, 0, header.length);
        if (got < header.length) {
            throw origin.atByte(headerStart + got, "truncated npy header: the file ends after " + got + " of its " + headerLen + " bytes");
        }
        String text = new String(header, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader h;
        try {
            h = NpyHeader.parse(text);
        } catch (NpyHeader.Malformed e) {
            throw origin.atByte(headerStart, "npy header is not parseable: " + e.getMessage() + ": " + abbreviate(text.strip()));
        }
        if (!(h.descr() instanceof String descr)) {
            throw origin.atByte(headerStart, "npy dtype " + NpyHeader.show(h.descr()) + " is not supported (structured), expected '<f4'");
        }
        ElementType type = DTYPES.get(descr);
        if (type == null) {
            throw origin.atByte(headerStart, "npy dtype '" + descr + "' is not supported, expected '<f4' (also accepted: '<f8', '|u1', '<i4')");
        }
        if (!(h.fortranOrder() instanceof Boolean fortran)) {
            throw origin.atByte(headerStart, "npy 'fortran_order' is " + NpyHeader.show(h.fortranOrder()) + ", expected False");
        }
        if (fortran) throw origin.atByte(headerStart, "npy 'fortran_order' is True, expected False (save the array in C order)");
        List<Long> shape = h.shape();
        if (shape.size() != 2) {
            throw origin.atByte(headerStart, "npy shape " + NpyHeader.show(shape) + " is " + shape.size() + "-D, expected 2-D (n, d)");
        }
        long n = shape.get(0), d = shape.get(1);
        long dataStart = headerStart + headerLen;
        if (d < 1 || d > VecsFile.MAX_DIM) {
            throw origin.atByte(headerStart, "npy shape " + NpyHeader.show(shape) + ": dimension " + d + " is out of range, expected 1.." + VecsFile.MAX_DIM);
        }
        if (n == 0) throw origin.error("npy shape " + NpyHeader.show(shape) + ": no vectors");
        if (n > Long.MAX_VALUE / (d * type.size)) throw origin.atByte(headerStart, "npy shape " + NpyHeader.show(shape) + " is too large");
        return new NpyFile(origin, type, (int) d, n, dataStart, bufferBytes);
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    private long rowBytes() {
        return (long) dim * type.size;
    }

    /** Checks that {@code have} bytes of data are exactly the header's n x d elements. */
    private void checkDataLength(long have) throws VectorFileException {
        long row = rowBytes();
        long need = count * row;
        if (have < need) {
            long v = Math.max(0, have) / row;
            throw origin.at(v, dataStart + v * row, "truncated: the data ends after " + (Math.max(0, have) - v * row) + " of this vector's "
                    + row + " bytes (shape (" + count + ", " + dim + ") of " + type.label + " needs " + need + " data bytes, the file has " + Math.max(0, have) + ")");
        }
        if (have > need) {
            throw origin.at(count, dataStart + need, (have - need) + " unexpected bytes after the last vector (shape ("
                    + count + ", " + dim + ") of " + type.label + " needs " + need + " data bytes, the file has " + have + ")");
        }
    }

    @Override public Path path() { return origin.path(); }
    @Override public String format() { return origin.zst() ? "npy+zst" : "npy"; }
    @Override public int dim() { return dim; }
    @Override public long count() { return count; }

    @Override
    public VectorCursor open() throws IOException {
        ChunkedInput in = ChunkedInput.open(origin, bufferBytes);
        try {
            long skipped = in.skip(dataStart);
            if (skipped < dataStart) throw origin.atByte(skipped, "truncated npy header (did the file change since it was opened?)");
            in.describeRecords(dataStart, rowBytes());
            return new Cursor(in);
        } catch (IOException | RuntimeException | Error e) {
            try {
                in.close();
            } catch (IOException | RuntimeException c) {
                e.addSuppressed(c);
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return origin.name() + " (" + format() + " " + type.label + ", " + count + " x " + dim + ")";
    }

    /** One pass: decodes whole blocks of rows per call, then verifies that the data ends after row n. */
    private final class Cursor implements VectorCursor {
        private final ChunkedInput in;
        private long index;
        private boolean verifiedEnd;

        Cursor(ChunkedInput in) {
            this.in = in;
        }

        @Override
        public boolean next(float[] out) throws IOException {
            if (out.length < dim) throw new IllegalArgumentException("out has " + out.length + " floats, dim is " + dim);
            return read(out, 1) == 1;
        }

        @Override
        public int next(float[] out, int max) throws IOException {
            if (max < 1) throw new IllegalArgumentException("max must be at least 1, got " + max);
            if (out.length < (long) max * dim) throw new IllegalArgumentException("out has " + out.length + " floats, " + max + " x " + dim + " needed");
            return read(out, max);
        }

        private int read(float[] out, int max) throws IOException {
            long row = rowBytes();
            if (in.position() != dataStart + index * row) throw new IllegalStateException(origin.name() + ": cursor is unusable after an earlier error");
            int k = (int) Math.min(max, count - index);
            if (k == 0) {
                verifyEnd();
                return 0;
            }
            int want = k * dim;
            int got = in.readAsFloats(type, out, 0, want);
            if (got < want) {
                long v = index + got / dim;
                long at = dataStart + v * row;
                throw origin.at(v, at, "truncated: the data ends after " + (in.position() + in.buffered() - at) + " of this vector's " + row
                        + " bytes (shape (" + count + ", " + dim + ") needs " + count * row + " data bytes)");
            }
            if (type.floating) {
                int bad = Floats.firstNonFinite(out, 0, want);
                if (bad >= 0) {
                    long v = index + bad / dim;
                    throw origin.at(v, dataStart + v * row, "vector " + v + " has a non-finite value (" + out[bad] + ") at dimension " + bad % dim);
                }
            }
            index += k;
            return k;
        }

        private void verifyEnd() throws IOException {
            if (verifiedEnd) return;
            if (!in.atEnd()) {
                throw origin.at(count, in.position(), "unexpected data after the last of the " + count
                        + " vectors that the header's shape declares");
            }
            verifiedEnd = true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
