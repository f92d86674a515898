package io.vidx.reader.search;

/**
 * LSD radix sort of non-negative longs whose set bits all lie below a known bit count: the rerank's
 * packed (row, query) pairs, where that count is 16 query bits plus the bits of the largest row. A
 * tile's 25,000 pairs (500 queries × 50 candidates over 60,067 rows: three passes of 11 bits) sort at
 * 6.8 ns per pair against 59.8 for {@link java.util.Arrays#sort(long[], int, int)} (JMH
 * `PairSortBench`), which had taken about 4 µs of each query (docs/benchmarks.md). The result is the
 * ascending order, equal values adjacent.
 */
public final class RadixSort {
    private static final int DIGIT_BITS = 11;
    private static final int RADIX = 1 << DIGIT_BITS;
    /** Short inputs go to the comparison sort: no second buffer, no 2,048-entry count per pass. */
    private static final int MIN_LENGTH = 512;

    private RadixSort() {}

    /** Sorts a[0, n) ascending; every value must be in [0, 2^bits), bits in [1, 63]. */
    public static void sort(long[] a, int n, int bits) {
        if (bits < 1 || bits > 63) throw new IllegalArgumentException("bits must be in [1, 63], got " + bits);
        if (n < MIN_LENGTH) {
            java.util.Arrays.sort(a, 0, n);
            return;
        }
        long all = 0;
        for (int i = 0; i < n; i++) all |= a[i];
        if (all >>> bits != 0) throw new IllegalArgumentException("a value has bits at or above bit " + bits + " (or is negative)");
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
