package io.vidx.indexer.input;

import java.io.Closeable;
import java.io.IOException;

/**
 * One sequential pass over a {@link VectorFile}, decoding vectors to float32 in order, either one at a
 * time or in row-major blocks (the block form is the fast one: it fills a caller-owned array with no
 * allocation per vector). A cursor is for one thread at a time; open one per pass and close it to
 * release its read buffer and file handle. Reaching the end also verifies that nothing follows the last
 * vector, so a file that changed since it was opened is reported rather than silently half-read.
 */
public interface VectorCursor extends Closeable {
    /**
     * Reads the next vector into out[0..dim) as float32; returns false at the end.
     *
     * @throws IllegalArgumentException if {@code out.length < dim}
     * @throws VectorFileException if the next record is malformed
     */
    boolean next(float[] out) throws IOException;

    /**
     * Reads up to {@code max} vectors into out (row-major, max*dim floats); returns how many were read
     * (0 at the end). Returns fewer than {@code max} only at the end of the file.
     *
     * @throws IllegalArgumentException if {@code max < 1} or {@code out.length < max * dim}
     * @throws VectorFileException if a record is malformed
     */
    int next(float[] out, int max) throws IOException;
}
