package io.vidx.indexer.input;

import java.nio.file.Path;

/**
 * Which file a reader is reading and whether it is zstd-compressed; builds the uniformly worded
 * {@link VectorFileException}s ("FILE: vector I at byte B: DETAIL") so every reader reports errors the
 * same way. Byte offsets of compressed files are positions in the decompressed stream and say so.
 */
record Origin(Path path, boolean zst) {

    String name() {
        return path.toString();
    }

    /** An error about the file as a whole. */
    VectorFileException error(String detail) {
        return new VectorFileException(name() + ": " + detail, name(), -1, -1, null);
    }

    /** An error at a byte offset that belongs to no vector (a header). */
    VectorFileException atByte(long offset, String detail) {
        return new VectorFileException(name() + ": at byte " + offset + decompressed() + ": " + detail,
                name(), -1, offset, null);
    }

    /** An error about vector {@code vector}, whose record starts (or would start) at {@code offset}. */
    VectorFileException at(long vector, long offset, String detail) {
        return at(vector, offset, detail, null);
    }

    VectorFileException at(long vector, long offset, String detail, Throwable cause) {
        return new VectorFileException(name() + ": vector " + vector + " at byte " + offset + decompressed() + ": " + detail,
                name(), vector, offset, cause);
    }

    private String decompressed() {
        return zst ? " (decompressed)" : "";
    }
}
