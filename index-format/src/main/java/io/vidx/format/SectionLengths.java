package io.vidx.format;

import static io.vidx.format.FormatConstants.*;

/**
 * The exact byte length each section must have, from PARAMS (and, for the two sections whose size is
 * data-dependent, from the directory that indexes them). The same formulas are in format-spec.md.
 */
public final class SectionLengths {
    private SectionLengths() {}

    /** Length of a section whose size PARAMS alone fixes (PARAMS itself: its format-1.0 size); -1 for those sized by a directory. */
    public static long expected(SectionKind kind, IndexParams p) {
        long n = p.count(), dPad = p.paddedDim(), nlist = p.nlist();
        return switch (kind) {
            case PARAMS -> PARAMS_BYTES_V1_0;
            case ROTATION -> Math.multiplyExact((long) p.rotationRounds(), dPad / 8);
            case CENTROIDS -> Math.multiplyExact(Math.multiplyExact(nlist, (long) p.dim()), 4L);
            case CENTROIDS_ROTATED -> Math.multiplyExact(Math.multiplyExact(nlist, dPad), 4L);
            case CELL_DIRECTORY -> Math.multiplyExact(2L * (nlist + 1), 8L);
            case BINARY_CODES -> Math.multiplyExact(n, dPad / 8);
            case PQ_CODEBOOKS -> Math.multiplyExact((long) PQ_CENTROIDS * dPad, 4L);
            case ROW_IDS, USER_IDS, CODE_FACTORS -> Math.multiplyExact(n, 8L);
            case PAYLOAD_INDEX -> Math.multiplyExact(p.payloadBlocks() + 1, 8L);
            case PDX_VECTORS -> PdxLayout.of(p).sectionBytes(p.pdxBlocks());
            case SPILL_DIRECTORY -> Math.multiplyExact(nlist + 1, 8L);
            case PQ_CODES, PAYLOAD_DATA, SPILL_CODES, SPILL_FACTORS, SPILL_ROWS -> -1;
        };
    }

    /** PQ_CODES length for a cell directory whose last PQ block start is {@code totalBlocks}. */
    public static long pqCodes(IndexParams p, long totalBlocks) {
        return Math.multiplyExact(totalBlocks, (long) p.pqBlockBytes());
    }

    /** Length of SPILL_CODES, SPILL_FACTORS or SPILL_ROWS for {@code entries} spilled entries (the directory's last start). */
    public static long spill(SectionKind kind, IndexParams p, long entries) {
        return switch (kind) {
            case SPILL_CODES -> Math.multiplyExact(entries, (long) p.codeBytes());
            case SPILL_FACTORS, SPILL_ROWS -> Math.multiplyExact(entries, 8L);
            default -> throw new IllegalArgumentException(kind + " is not sized by the spill directory");
        };
    }

    /**
     * Every section a file holds, with its length: those PARAMS sizes (USER_IDS and the payload sections
     * only when its flags say so), PQ_CODES from the cell directory's {@code totalPqBlocks}, the spill
     * sections for {@code spillEntries} entries when that is 0 or more (-1: no spill sections), and
     * PAYLOAD_DATA's {@code payloadDataBytes}. What a writer passes to {@link VidxFileWriter#create}.
     */
    public static java.util.Map<SectionKind, Long> plan(IndexParams p, long totalPqBlocks, long spillEntries, long payloadDataBytes) {
        java.util.Map<SectionKind, Long> lengths = new java.util.EnumMap<>(SectionKind.class);
        for (SectionKind k : SectionKind.values()) {
            long len = expected(k, p);
            if (len >= 0) lengths.put(k, len);
        }
        lengths.put(SectionKind.PQ_CODES, pqCodes(p, totalPqBlocks));
        if (!p.hasUserIds()) lengths.remove(SectionKind.USER_IDS);
        if (p.hasPayloads()) lengths.put(SectionKind.PAYLOAD_DATA, payloadDataBytes);
        else lengths.remove(SectionKind.PAYLOAD_INDEX);
        if (spillEntries < 0) lengths.remove(SectionKind.SPILL_DIRECTORY);
        else for (SectionKind k : SectionKind.SPILL_ENTRIES) lengths.put(k, spill(k, p, spillEntries));
        return lengths;
    }

    /** PQ blocks a cell of {@code rows} vectors occupies. */
    public static long pqBlocksForCell(long rows) {
        return (rows + PQ_BLOCK_VECTORS - 1) / PQ_BLOCK_VECTORS;
    }
}
