package io.vidx.format;

import static io.vidx.format.FormatConstants.I64;

import java.lang.foreign.MemorySegment;

/**
 * The CELL_DIRECTORY section: nlist+1 u64 row starts (cell c holds rows [start[c], start[c+1]) of
 * every per-row section), then nlist+1 u64 PQ block starts (cell c's fast-scan blocks are
 * [pq[c], pq[c+1]) of PQ_CODES). {@link VidxFile} has validated both arrays when this is built.
 */
public final class CellDirectory {
    private final long[] rowStart;
    private final long[] pqBlockStart;

    public CellDirectory(long[] rowStart, long[] pqBlockStart) {
        this.rowStart = rowStart;
        this.pqBlockStart = pqBlockStart;
    }

    public static CellDirectory read(MemorySegment s, int nlist) {
        long[] all = s.toArray(I64);
        return new CellDirectory(java.util.Arrays.copyOfRange(all, 0, nlist + 1), java.util.Arrays.copyOfRange(all, nlist + 1, 2 * (nlist + 1)));
    }

    /** Builds the directory from cell sizes. */
    public static CellDirectory fromSizes(long[] sizes) {
        long[] rows = new long[sizes.length + 1];
        long[] blocks = new long[sizes.length + 1];
        for (int c = 0; c < sizes.length; c++) {
            rows[c + 1] = rows[c] + sizes[c];
            blocks[c + 1] = blocks[c] + SectionLengths.pqBlocksForCell(sizes[c]);
        }
        return new CellDirectory(rows, blocks);
    }

    public void writeTo(MemorySegment s) {
        int n = rowStart.length;
        for (int c = 0; c < n; c++) {
            s.set(I64, 8L * c, rowStart[c]);
            s.set(I64, 8L * (n + c), pqBlockStart[c]);
        }
    }

    public int nlist() { return rowStart.length - 1; }

    public long rowStart(int cell) { return rowStart[cell]; }

    public long rowEnd(int cell) { return rowStart[cell + 1]; }

    public long size(int cell) { return rowStart[cell + 1] - rowStart[cell]; }

    public long pqBlockStart(int cell) { return pqBlockStart[cell]; }

    public long pqBlockEnd(int cell) { return pqBlockStart[cell + 1]; }

    public long totalPqBlocks() { return pqBlockStart[pqBlockStart.length - 1]; }
}
