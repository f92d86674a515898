package io.vidx.format;

import java.util.List;

/**
 * The sections a format-1 index file can hold, in the order a writer lays them out. The numeric
 * {@link #id} is what the section table stores; see format-spec.md for each one's bytes.
 */
public enum SectionKind {
    PARAMS(1, true),
    ROTATION(2, true),
    CENTROIDS(3, true),
    CENTROIDS_ROTATED(4, true),
    CELL_DIRECTORY(5, true),
    BINARY_CODES(6, true),
    /** Per vector (cell order): ||x - c|| and <c, x - c>, two f32; they turn a Hamming distance into a distance estimate. */
    CODE_FACTORS(14, true),
    /**
     * Format 1.1, optional, all four or none: each vector's second cell (SOAR spilling), so that a query
     * probing either of a vector's two cells can find it. The directory gives each cell's run of spilled
     * entries; per entry, a 1-bit code and factors as in BINARY_CODES / CODE_FACTORS (residual to the
     * spill cell's centroid) and the position of the vector in the primary, cell-ordered sections.
     */
    SPILL_DIRECTORY(15, false, true),
    SPILL_CODES(16, false, true),
    SPILL_FACTORS(17, false, true),
    SPILL_ROWS(18, false, true),
    PQ_CODEBOOKS(7, true),
    PQ_CODES(8, true),
    ROW_IDS(9, true),
    USER_IDS(10, false),
    PAYLOAD_INDEX(11, false, true),
    PAYLOAD_DATA(12, false, true),
    /** Last: the largest section, page-aligned, so it can be advised or left on disk on its own. */
    PDX_VECTORS(13, true);

    public final int id;
    /** Whether a format-1 file must contain it. Optional ones are absent when unused. */
    public final boolean mandatory;
    /**
     * Whether the writer leaves the required flag clear, so that a reader that does not know this kind
     * skips it: losing payloads or the spill only costs features or recall, never correct answers.
     */
    public final boolean skippable;

    /** The four spill sections, present together or not at all. */
    public static final List<SectionKind> SPILL = List.of(SPILL_DIRECTORY, SPILL_CODES, SPILL_FACTORS, SPILL_ROWS);
    /** The three spill sections with one element per spilled entry, sized by the directory. */
    public static final List<SectionKind> SPILL_ENTRIES = List.of(SPILL_CODES, SPILL_FACTORS, SPILL_ROWS);

    SectionKind(int id, boolean mandatory) {
        this(id, mandatory, false);
    }

    SectionKind(int id, boolean mandatory, boolean skippable) {
        this.id = id;
        this.mandatory = mandatory;
        this.skippable = skippable;
    }

    public static SectionKind fromId(int id) {
        for (SectionKind k : values()) if (k.id == id) return k;
        return null;
    }
}
