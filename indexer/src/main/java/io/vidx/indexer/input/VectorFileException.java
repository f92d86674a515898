package io.vidx.indexer.input;

import java.io.IOException;

/**
 * Thrown when an input file of vectors is malformed: wrong size, inconsistent or out-of-range
 * dimensions, truncated records, an unsupported or unparseable npy header, corrupt zstd data, or
 * non-finite values. It is an {@link IOException} so callers that already handle I/O failures need
 * nothing new, but it is distinguishable from them because the fix is different (repair or re-export
 * the data, not retry). The message always starts with the file, then, where there is one, the vector
 * index and byte offset (in the decompressed stream for .zst), then what was expected and what was found.
 */
public final class VectorFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long vectorIndex;
    private final long byteOffset;

    /** A problem with no specific file position. */
    public VectorFileException(String message) {
        this(message, null, -1, -1, null);
    }

    /** A problem with no specific file position, caused by {@code cause}. */
    public VectorFileException(String message, Throwable cause) {
        this(message, null, -1, -1, cause);
    }

    VectorFileException(String message, String file, long vectorIndex, long byteOffset, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.vectorIndex = vectorIndex;
        this.byteOffset = byteOffset;
    }

    /** The offending file as given by the caller, or null if unknown. */
    public String file() {
        return file;
    }

    /** Index of the offending vector, or -1 when the problem is not about one vector (e.g. a header). */
    public long vectorIndex() {
        return vectorIndex;
    }

    /** Byte offset of the problem (decompressed for .zst files), or -1 when there is none. */
    public long byteOffset() {
        return byteOffset;
    }
}
