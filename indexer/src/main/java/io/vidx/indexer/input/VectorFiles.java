package io.vidx.indexer.input;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Entry point for vector input and output files: opens .fvecs, .bvecs, .ivecs and .npy files (each
 * optionally zstd-compressed, as .fvecs.zst and so on) as {@link VectorFile}s chosen by extension, reads
 * ground-truth .ivecs files whole, and writes .fvecs and .ivecs files atomically (temp file in the same
 * directory, fsync, rename), so callers never deal with formats, compression or partial outputs.
 * Malformed inputs fail with a {@link VectorFileException} that names the file, the vector and the byte;
 * ordinary I/O failures (a missing file, no permission) stay plain {@link IOException}s.
 */
public final class VectorFiles {
    private VectorFiles() {}

    /** Opens by extension: .fvecs .bvecs .ivecs .npy, each optionally followed by .zst. */
    public static VectorFile open(Path path) throws IOException {
        return open(path, ChunkedInput.DEFAULT_BUFFER_BYTES);
    }

    /** {@link #open(Path)} with a chosen read-buffer size (tests use tiny ones to exercise refills). */
    static VectorFile open(Path path, int bufferBytes) throws IOException {
        Kind kind = kind(path);
        Origin origin = new Origin(path, kind.zst);
        return switch (kind.base) {
            case "fvecs" -> VecsFile.open(origin, ElementType.F32, "fvecs", bufferBytes);
            case "bvecs" -> VecsFile.open(origin, ElementType.U8, "bvecs", bufferBytes);
            case "ivecs" -> VecsFile.open(origin, ElementType.I32, "ivecs", bufferBytes);
            case "npy" -> NpyFile.open(origin, bufferBytes);
            default -> throw new VectorFileException(path + ": unsupported file type; expected .fvecs, .bvecs, .ivecs or .npy, optionally followed by .zst");
        };
    }

    /** Writes float32 vectors as .fvecs (or .fvecs.zst when the name ends in .zst), atomically: temp file in the same directory, fsync, rename. */
    public static void writeFvecs(Path path, float[][] vectors) throws IOException {
        int dim = vectors.length == 0 ? 1 : vectors[0].length;
        FvecsWriter w = new FvecsWriter(path, dim);
        boolean ok = false;
        try {
            for (float[] v : vectors) w.write(v);
            w.close();
            ok = true;
        } finally {
            if (!ok) w.abort();
        }
    }

    /** Streaming writer for large outputs (same atomic rule: nothing appears at {@code path} until close() succeeds; abort() deletes the temp). */
    public static FvecsWriter fvecsWriter(Path path, int dim) throws IOException {
        return new FvecsWriter(path, dim);
    }

    /** Writes int rows as .ivecs (each row its own length, 1..65536), atomically as above; .ivecs.zst when the name ends in .zst. */
    public static void writeIvecs(Path path, int[][] rows) throws IOException {
        for (int i = 0; i < rows.length; i++) {
            int d = rows[i].length;
            if (d < 1 || d > VecsFile.MAX_DIM) throw new IllegalArgumentException(path + ": row " + i + " has length " + d + ", expected 1.." + VecsFile.MAX_DIM);
        }
        AtomicOutput out = AtomicOutput.create(path);
        boolean ok = false;
        try {
            for (int[] row : rows) {
                out.putInt(row.length);
                out.putInts(row, 0, row.length);
            }
            out.commit();
            ok = true;
        } finally {
            if (!ok) out.abort();
        }
    }

    /** All vectors of a (small) file in memory: queries, for example; refuses more than 10 million. */
    public static float[][] readAll(VectorFile f) throws IOException {
        if (f.count() > 10_000_000L) throw new IllegalArgumentException(f.path() + ": " + f.count() + " vectors is too many to hold as queries");
        float[][] out = new float[(int) f.count()][f.dim()];
        try (VectorCursor c = f.open()) {
            for (float[] v : out) if (!c.next(v)) throw new IOException(f.path() + ": ended early");
        }
        return out;
    }

    /** Reads a whole .ivecs(.zst) file (ground truth) into memory; rows may differ in length only if the file says so. */
    public static int[][] readIvecs(Path path) throws IOException {
        return readIvecs(path, ChunkedInput.DEFAULT_BUFFER_BYTES);
    }

    static int[][] readIvecs(Path path, int bufferBytes) throws IOException {
        Kind kind = kind(path);
        if (!kind.base.equals("ivecs")) throw new VectorFileException(path + ": not an .ivecs file; ground truth must be .ivecs or .ivecs.zst");
        return IvecsRows.read(new Origin(path, kind.zst), bufferBytes);
    }

    private record Kind(String base, boolean zst) {}

    private static Kind kind(Path path) {
        Path file = path.getFileName();
        String name = file == null ? "" : file.toString().toLowerCase(Locale.ROOT);
        boolean zst = name.endsWith(".zst");
        if (zst) name = name.substring(0, name.length() - 4);
        int dot = name.lastIndexOf('.');
        return new Kind(dot < 0 ? "" : name.substring(dot + 1), zst);
    }
}
