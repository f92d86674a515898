package io.vidx.format;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Fixed numbers of format version 1. Every value here is normative: format-spec.md repeats it. */
public final class FormatConstants {
    private FormatConstants() {}

    /** File magic: 0x89 'V' 'I' 'D' 'X' '\r' '\n' 0x1A (PNG-style: catches text-mode mangling, never a plausible count). */
    public static final byte[] MAGIC = {(byte) 0x89, 'V', 'I', 'D', 'X', '\r', '\n', 0x1A};
    /** Footer magic: "VIDXEND" then 0x1A. */
    public static final byte[] FOOTER_MAGIC = {'V', 'I', 'D', 'X', 'E', 'N', 'D', 0x1A};

    public static final int MAJOR_VERSION = 1;
    /** 1.1 added the optional spill sections (kinds 15-18), which a 1.0 reader skips; 1.2 the PDX_WHOLE_ROWS flag, which a 1.1 reader refuses. */
    public static final int MINOR_VERSION = 2;
    /** File kind 1: a vector index. Other kinds are reserved. */
    public static final int FILE_KIND_INDEX = 1;

    public static final int HEADER_BYTES = 128;
    public static final int SECTION_ENTRY_BYTES = 32;
    public static final int FOOTER_BYTES = 32;
    public static final int PARAMS_BYTES_V1_0 = 128;
    /** The last minor version whose PARAMS is exactly the 1.0 struct: 1.1 added sections and 1.2 a flag bit, not PARAMS fields. */
    public static final int LAST_MINOR_WITH_V1_0_PARAMS = 2;
    /** PARAMS may grow with minor versions, never past this. */
    public static final int MAX_PARAMS_BYTES = 64 * 1024;

    /** Every section starts at a multiple of this. */
    public static final int SECTION_ALIGNMENT = 64;
    /** Sections at least {@link #PAGE_ALIGN_THRESHOLD} long start at a multiple of this. */
    public static final int PAGE_ALIGNMENT = 4096;
    public static final long PAGE_ALIGN_THRESHOLD = 1L << 20;

    /** Footer checksum algorithm 1: CRC32C (Castagnoli). */
    public static final int CHECKSUM_CRC32C = 1;

    /** Section flag bit 0: a reader that does not know this section's kind must refuse the file. */
    public static final int SECTION_FLAG_REQUIRED = 1;

    /** Required-feature bits format 1.0 defines: none. Any set bit is unknown to this reader. */
    public static final long KNOWN_REQUIRED_FEATURES = 0L;

    /** PARAMS flags. */
    public static final int PARAM_FLAG_USER_IDS = 1;
    public static final int PARAM_FLAG_PAYLOADS = 2;
    /** Every input vector had unit L2 norm (within 1e-3) when built. */
    public static final int PARAM_FLAG_UNIT_NORM = 4;
    /** Format 1.2: each PDX row's row-major part holds all D' dims, not only the tail ({@link PdxLayout}). */
    public static final int PARAM_FLAG_PDX_WHOLE_ROWS = 8;
    public static final int KNOWN_PARAM_FLAGS = 15;

    /** PQ fast-scan: vectors per code block, and centroids per subquantizer (4-bit codes). */
    public static final int PQ_BLOCK_VECTORS = 32;
    public static final int PQ_CENTROIDS = 16;
    public static final int PQ_BITS = 4;

    /** Hard caps that keep a hostile file from asking for absurd work before checksums are read. */
    public static final int MAX_DIM = 1 << 16;
    public static final int MAX_SECTIONS = 256;
    public static final int MAX_ROTATION_ROUNDS = 16;

    public static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Padded (rotated) dimension for an input dimension: the next power of two, at least 64. */
    public static int paddedDim(int dim) {
        if (dim < 1 || dim > MAX_DIM) throw new IllegalArgumentException("dim " + dim + " outside 1.." + MAX_DIM);
        int p = Integer.highestOneBit(dim);
        if (p < dim) p <<= 1;
        return Math.max(64, p);
    }

    public static long alignUp(long value, long alignment) {
        return Math.addExact(value, alignment - 1) & -alignment;
    }

    /** The alignment the spec requires for a section of this length. */
    public static long alignmentFor(long sectionLength) {
        return sectionLength >= PAGE_ALIGN_THRESHOLD ? PAGE_ALIGNMENT : SECTION_ALIGNMENT;
    }
}
