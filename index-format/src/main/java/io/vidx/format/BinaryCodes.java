package io.vidx.format;

import static io.vidx.format.FormatConstants.I64;

import java.lang.foreign.MemorySegment;

/**
 * 1-bit codes: bit i is set iff coordinate i of the rotated residual is greater than zero. Packed
 * into D'/64 little-endian u64 words, bit b of word w being coordinate 64w+b.
 */
public final class BinaryCodes {
    private BinaryCodes() {}

    /** Sign bits of {@code v[0..words*64)} into {@code out[0..words)}. */
    public static void encode(float[] v, long[] out) {
        for (int w = 0; w < out.length; w++) {
            long word = 0;
            int base = w << 6;
            for (int b = 0; b < 64; b++) if (v[base + b] > 0f) word |= 1L << b;
            out[w] = word;
        }
    }

    /** Sign bits of the residual a - b, without materializing it. */
    public static void encodeDifference(float[] a, float[] b, long[] out) {
        for (int w = 0; w < out.length; w++) {
            long word = 0;
            int base = w << 6;
            for (int i = 0; i < 64; i++) if (a[base + i] - b[base + i] > 0f) word |= 1L << i;
            out[w] = word;
        }
    }

    public static void write(long[] code, MemorySegment dst, long offset) {
        for (int w = 0; w < code.length; w++) dst.set(I64, offset + 8L * w, code[w]);
    }
}
