package io.vidx.reader.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Three ways to count differing bits between a query code and a block of codes, kept side by side so
 * the JMH module can measure which wins on this CPU (no AVX-512 VPOPCNTDQ here, so a lane-wise bit
 * count is emulated). The funnel uses the winner through {@link Kernels#hamming}; each variant is held
 * equal to a bit-by-bit reference by property tests.
 */
public final class HammingVariants {
    private HammingVariants() {}

    private static final VectorSpecies<Long> LS = LongVector.SPECIES_256;
    private static final VectorSpecies<Byte> BS = ByteVector.SPECIES_256;
    /** Bits set in each nibble value 0..15, twice: a 32-byte table for a byte shuffle. */
    private static final ByteVector NIBBLE_POPCOUNT = ByteVector.fromArray(BS,
            new byte[] {0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4}, 0);

    /** One POPCNT per 64-bit word. */
    public static void scalar(long[] q, long[] codes, int count, int[] out) {
        int words = q.length;
        for (int i = 0; i < count; i++) {
            int d = 0;
            for (int w = 0; w < words; w++) d += Long.bitCount(q[w] ^ codes[i * words + w]);
            out[i] = d;
        }
    }

    /** Vector API lane-wise BIT_COUNT over 4 words at a time (words a multiple of 4). */
    public static void laneBitCount(long[] q, long[] codes, int count, int[] out) {
        int words = q.length;
        for (int i = 0; i < count; i++) {
            LongVector acc = LongVector.zero(LS);
            for (int w = 0; w < words; w += 4) {
                acc = acc.add(LongVector.fromArray(LS, q, w).lanewise(VectorOperators.XOR, LongVector.fromArray(LS, codes, i * words + w))
                        .lanewise(VectorOperators.BIT_COUNT));
            }
            out[i] = (int) acc.reduceLanes(VectorOperators.ADD);
        }
    }

    /** Nibble lookup: XOR, split bytes into nibbles, byte-shuffle each through a 16-entry table (words a multiple of 4). */
    public static void nibbleLut(long[] q, long[] codes, int count, int[] out) {
        int words = q.length;
        for (int i = 0; i < count; i++) {
            ByteVector acc = ByteVector.zero(BS);
            for (int w = 0; w < words; w += 4) {
                ByteVector x = LongVector.fromArray(LS, q, w).lanewise(VectorOperators.XOR, LongVector.fromArray(LS, codes, i * words + w))
                        .reinterpretAsBytes();
                ByteVector lo = x.lanewise(VectorOperators.AND, (byte) 0x0F);
                ByteVector hi = x.lanewise(VectorOperators.LSHR, 4).lanewise(VectorOperators.AND, (byte) 0x0F);
                acc = acc.add(NIBBLE_POPCOUNT.rearrange(lo.toShuffle())).add(NIBBLE_POPCOUNT.rearrange(hi.toShuffle()));
            }
            // Per-byte counts stay below 128 for codes up to 2048 bits (8 per byte per 256 bits), but their
            // total does not: widen to shorts before summing (a byte-wise reduce wraps past 127).
            out[i] = (int) (acc.convert(VectorOperators.B2S, 0).reduceLanesToLong(VectorOperators.ADD)
                    + acc.convert(VectorOperators.B2S, 1).reduceLanesToLong(VectorOperators.ADD));
        }
    }
}
