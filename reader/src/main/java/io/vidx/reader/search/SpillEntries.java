package io.vidx.reader.search;

import static io.vidx.format.FormatConstants.I64;

import io.vidx.format.SectionKind;
import io.vidx.format.SpillDirectory;
import io.vidx.format.VidxFile;
import io.vidx.format.VidxFormatException;
import java.lang.foreign.MemorySegment;

/**
 * A file's spilled entries (format 1.1, SOAR): each vector filed a second time, in another cell, with its
 * 1-bit code and factors against that cell's centroid and its position in the primary sections. The
 * funnel scans a probed cell's spilled entries after its own rows, so a vector is found through either
 * of its cells; its position then leads to the one PDX row both entries share.
 */
public final class SpillEntries {
    public final SpillDirectory directory;
    public final MemorySegment codes;
    public final MemorySegment factors;
    private final MemorySegment rows;
    private final VidxFile file;

    SpillEntries(VidxFile file) {
        this.file = file;
        this.directory = SpillDirectory.read(file.section(SectionKind.SPILL_DIRECTORY), file.params().nlist());
        this.codes = file.section(SectionKind.SPILL_CODES);
        this.factors = file.section(SectionKind.SPILL_FACTORS);
        this.rows = file.section(SectionKind.SPILL_ROWS);
    }

    /**
     * Positions of entries [from, from + count) into {@code out}, each checked to be below N: open does
     * not read this O(N) section, so a bad position is caught here, at use, as ROW_IDS are.
     */
    void positions(long from, int count, long[] out) {
        MemorySegment.copy(rows, I64, from * 8, out, 0, count);
        long n = file.params().count();
        for (int i = 0; i < count; i++) {
            if (out[i] < 0 || out[i] >= n) {
                throw new VidxFormatException(file.name(), "SPILL_ROWS", file.entry(SectionKind.SPILL_ROWS).offset() + 8 * (from + i),
                        "position: expected 0.." + (n - 1) + ", found " + out[i] + " (run `vidx verify` on this file)");
            }
        }
    }
}
