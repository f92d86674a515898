package io.vidx.indexer.input;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file of vectors (fvecs, bvecs, ivecs or npy, each optionally zstd-compressed) whose shape is known
 * and checked at open, and which can then be read any number of times with fresh sequential passes.
 * The indexer reads its input several times (sampling, assignment, encoding), so a {@code VectorFile}
 * holds no open file handle between passes: each {@link #open()} starts an independent
 * {@link VectorCursor} from vector 0, and every value comes out as float32. Instances are immutable
 * and safe to share between threads; get them from {@link VectorFiles#open(Path)}.
 */
public interface VectorFile {
    /** The file as it was given to {@link VectorFiles#open(Path)}. */
    Path path();

    /** "fvecs", "bvecs", "ivecs" or "npy", with "+zst" appended for compressed files; for messages. */
    String format();

    /** Dimension of every vector, in 1..65536. */
    int dim();

    /** Exact number of vectors, at least 1 (a file without vectors fails to open). */
    long count();

    /**
     * Starts a fresh sequential pass from vector 0. The caller closes the cursor. Malformed content
     * that was not visible at open (a record with a different dimension, a non-finite value, a file
     * that shrank or grew since) surfaces from the cursor as a {@link VectorFileException}.
     */
    VectorCursor open() throws IOException;
}
