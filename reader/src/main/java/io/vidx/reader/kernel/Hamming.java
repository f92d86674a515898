package io.vidx.reader.kernel;

import static io.vidx.format.FormatConstants.I64;

import java.lang.foreign.MemorySegment;

/** Hamming distance between 1-bit codes: popcount(a XOR b), summed over the code's 64-bit words. */
public final class Hamming {
    private Hamming() {}

    /** Distance between {@code query} and the code of {@code query.length} words at {@code offset}. */
    public static int distance(long[] query, MemorySegment codes, long offset) {
        int d = 0;
        for (int w = 0; w < query.length; w++) d += Long.bitCount(query[w] ^ codes.get(I64, offset + 8L * w));
        return d;
    }

    /**
     * Distances of rows [fromRow, fromRow + out.length) of a row-major code array to {@code query}.
     * A plain linear scan: every word of every row in the range is read once.
     */
    public static void scan(long[] query, MemorySegment codes, long fromRow, int[] out, int count) {
        long rowBytes = 8L * query.length;
        long offset = fromRow * rowBytes;
        for (int i = 0; i < count; i++, offset += rowBytes) out[i] = distance(query, codes, offset);
    }
}
