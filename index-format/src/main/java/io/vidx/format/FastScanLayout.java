package io.vidx.format;

import static io.vidx.format.FormatConstants.PQ_CENTROIDS;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * PQ4 fast-scan blocks. Each cell's vectors are cut into blocks of 32 (the last zero-padded); a block
 * is M groups of 16 bytes, group m for subquantizer m: byte j (0..15) holds the 4-bit code of the
 * block's vector j in its low nibble and of vector j+16 in its high nibble. Two consecutive groups
 * fill one 256-bit register whose two 128-bit lanes a byte shuffle indexes with two 16-entry tables.
 */
public final class FastScanLayout {
    private FastScanLayout() {}

    /** Writes code {@code code} (0..15) of vector {@code j} (0..31) for subquantizer {@code m} into a block. */
    public static void put(MemorySegment block, int m, int j, int code) {
        long at = (long) m * PQ_CENTROIDS + (j & 15);
        byte old = block.get(ValueLayout.JAVA_BYTE, at);
        int v = j < 16 ? (old & 0xF0) | code : (old & 0x0F) | (code << 4);
        block.set(ValueLayout.JAVA_BYTE, at, (byte) v);
    }

    /** Reads the code of vector {@code j} for subquantizer {@code m} from a block. */
    public static int get(MemorySegment block, int m, int j) {
        int b = block.get(ValueLayout.JAVA_BYTE, (long) m * PQ_CENTROIDS + (j & 15)) & 0xFF;
        return j < 16 ? b & 0x0F : b >>> 4;
    }
}
