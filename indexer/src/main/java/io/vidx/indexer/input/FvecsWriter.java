package io.vidx.indexer.input;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Streams float32 vectors of one dimension into a new .fvecs file (.fvecs.zst when the name ends in
 * .zst), for outputs too large to hold in memory. Writing is atomic: the data goes to a hidden temporary
 * file beside the target, and only a successful {@link #close()} makes it appear at the target (after an
 * fsync, by rename); {@link #abort()} deletes it instead. On any failure path call {@code abort()}
 * before the (try-with-resources) close: abort wins, and close after abort does nothing, while a close
 * without abort would publish what was written so far. Every vector is checked (length and
 * finiteness) before it is written, so the output always reads back. Not thread-safe.
 */
public final class FvecsWriter implements Closeable {
    private final Path path;
    private final int dim;
    private final AtomicOutput out;
    private long count;
    private boolean done;

    FvecsWriter(Path path, int dim) throws IOException {
        if (dim < 1 || dim > VecsFile.MAX_DIM) throw new IllegalArgumentException("dim " + dim + " is out of range 1.." + VecsFile.MAX_DIM);
        this.path = path;
        this.dim = dim;
        this.out = AtomicOutput.create(path);
    }

    /** The target file. */
    public Path path() {
        return path;
    }

    /** The dimension every vector must have. */
    public int dim() {
        return dim;
    }

    /** Vectors written so far. */
    public long count() {
        return count;
    }

    /**
     * Appends one vector.
     *
     * @throws IllegalArgumentException if {@code v.length != dim} or v holds a NaN or an infinity
     * @throws IllegalStateException after close or abort
     */
    public void write(float[] v) throws IOException {
        if (v.length != dim) throw new IllegalArgumentException("vector " + count + " has " + v.length + " floats, expected " + dim);
        write(v, 1);
    }

    /**
     * Appends the first {@code n} vectors of a row-major block (n*dim floats), e.g. as filled by
     * {@link VectorCursor#next(float[], int)}.
     *
     * @throws IllegalArgumentException if the block is too short or holds a NaN or an infinity
     * @throws IllegalStateException after close or abort
     */
    public void write(float[] block, int n) throws IOException {
        if (done) throw new IllegalStateException(path + ": writer already closed or aborted");
        if (n < 0 || block.length < (long) n * dim) throw new IllegalArgumentException("block has " + block.length + " floats, " + n + " x " + dim + " needed");
        int bad = Floats.firstNonFinite(block, 0, n * dim);
        if (bad >= 0) {
            throw new IllegalArgumentException(path + ": vector " + (count + bad / dim) + " has a non-finite value (" + block[bad] + ") at dimension " + bad % dim);
        }
        for (int i = 0; i < n; i++) {
            out.putInt(dim);
            out.putFloats(block, i * dim, dim);
        }
        count += n;
    }

    /** Finishes the file and moves it into place; on failure nothing appears at the target. Does nothing after abort. */
    @Override
    public void close() throws IOException {
        if (done) return;
        done = true;
        out.commit();
    }

    /** Discards everything written; the target is left as it was. Does nothing after close. */
    public void abort() {
        if (done) return;
        done = true;
        out.abort();
    }
}
