package io.vidx.reader.search;

/**
 * LSD radix sort of non-negative longs whose set bits all lie below a known bit count: the rerank's
 * packed (row, query) pairs, where that count is 16 query bits plus the bits of the largest row. A
 * tile's 25,000 pairs (500 queries × 50 candidates over 60,067 rows: three passes of 11 bits) sort in
 * 0.4–0.6 ms against 1.8–2.1 ms for {@link java.util.Arrays#sort(long[], int, int)}, about 3 µs per
 * query (docs/benchmarks.md). The result is the ascending order, equal values adjacent.
 */
public final class RadixSort {
    private static final int DIGIT_BITS = 11;
    private static final int RADIX = 1 << DIGIT_BITS;
    /** Below this many values a comparison sort is as fast and needs no second buffer. */
    private static final int MIN_LENGTH = 512;

    private RadixSort() {}

    /** Sorts a[0, n) ascending; every value must be in [0, 2^bits). */
    public static void sort(long[] a, int n, int bits) {
        if (n < MIN_LENGTH || bits > 63) {
            java.util.Arrays.sort(a, 0, n);
            return;
        }
        long[] from = a, to = new long[n];
        int[] count = new int[RADIX];
        for (int shift = 0; shift < bits; shift += DIGIT_BITS) {
            java.util.Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) count[(int) (from[i] >>> shift) & (RADIX - 1)]++;
            for (int d = 0, sum = 0; d < RADIX; d++) {
                int c = count[d];
                count[d] = sum;
                sum += c;
            }
            for (int i = 0; i < n; i++) to[count[(int) (from[i] >>> shift) & (RADIX - 1)]++] = from[i];
            long[] swap = from;
            from = to;
            to = swap;
        }
        if (from != a) System.arraycopy(from, 0, a, 0, n);
    }

    /** Bits needed to hold every value in [0, max]: at least 1. */
    public static int bitsFor(long max) {
        return Math.max(1, 64 - Long.numberOfLeadingZeros(max));
    }
}
