package io.vidx.format;

import static io.vidx.format.FormatConstants.I64;

import java.lang.foreign.MemorySegment;

/**
 * The SPILL_DIRECTORY section (format 1.1): nlist+1 u64 entry starts; cell c's spilled entries are
 * [start[c], start[c+1]) of SPILL_CODES, SPILL_FACTORS and SPILL_ROWS. {@link VidxFile} has validated
 * the starts when this is built from a file.
 */
public final class SpillDirectory {
    private final long[] start;

    public SpillDirectory(long[] start) {
        this.start = start;
    }

    /** The directory of a section {@link VidxFile} has checked to hold nlist + 1 starts. */
    public static SpillDirectory read(MemorySegment s, int nlist) {
        long[] start = s.toArray(I64);
        if (start.length != nlist + 1) throw new IllegalArgumentException("SPILL_DIRECTORY holds " + start.length + " starts, expected nlist + 1 = " + (nlist + 1));
        return new SpillDirectory(start);
    }

    /** Builds the directory from the number of entries spilled into each cell. */
    public static SpillDirectory fromSizes(long[] sizes) {
        long[] start = new long[sizes.length + 1];
        for (int c = 0; c < sizes.length; c++) start[c + 1] = start[c] + sizes[c];
        return new SpillDirectory(start);
    }

    public void writeTo(MemorySegment s) {
        for (int c = 0; c < start.length; c++) s.set(I64, 8L * c, start[c]);
    }

    public long start(int cell) { return start[cell]; }

    public long end(int cell) { return start[cell + 1]; }

    /** Spilled entries in all cells. */
    public long total() { return start[start.length - 1]; }
}
