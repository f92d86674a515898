package io.vidx.reader.search;

import io.vidx.reader.kernel.Kernels;
import java.util.Arrays;

/**
 * The m smallest of an array of float keys with their indexes, ascending by (key, index): the order
 * {@link TopK} keeps. The router picks each query's nprobe nearest of nlist cells with it.
 *
 * <p>Each pair is packed in one long whose signed order is the pair's order (the key's bits made
 * monotonic in the high half, the index in the low half), so selection and sorting compare and move one
 * primitive. A threshold is guessed from a sorted sample of 64 keys, a little above the rank where the
 * m-th smallest should fall, and one filtering pass ({@link Kernels#indexesAtMost}) keeps the keys at or
 * under it; only if that keeps fewer than m does a full pass follow. On debian-minilm's 980 keys, per
 * query: 4.3 µs for nprobe 32 (a branch-free scalar pass instead of the filter: 6.9–7.4; offering every
 * key to a {@link Shortlist}, before either: about 10, docs/benchmarks.md). NaN keys are never picked;
 * −0.0 counts as 0.0.
 */
final class SmallestKeys {
    private static final int SAMPLE = 64;

    private SmallestKeys() {}

    /**
     * Writes the min(m, non-NaN keys) smallest pairs of keys[0..n) to {@code out}, packed and ascending,
     * and returns their count. {@code out} and {@code scratch} must hold n entries.
     */
    static int select(Kernels kernels, float[] keys, int n, int m, long[] out, int[] scratch) {
        int c = 0;
        if (m < n && n > SAMPLE) {
            c = kernels.indexesAtMost(keys, n, guessThreshold(keys, n, m), scratch);
            for (int i = 0; i < c; i++) out[i] = pack(keys[scratch[i]], scratch[i]);
        }
        if (c < m) {
            c = 0;
            for (int i = 0; i < n; i++) if (keys[i] == keys[i]) out[c++] = pack(keys[i], i);
        }
        // A quickselect first pays only when the pass kept far more than m (measured: at 1.7 m it did not).
        if (c > 2 * m) {
            selectSmallest(out, c, m);
            c = m;
        }
        Arrays.sort(out, 0, c);
        return Math.min(c, m);
    }

    /** A key a little above the sample's estimate of the m-th smallest: 2.5 standard deviations of the sample rank. */
    private static float guessThreshold(float[] keys, int n, int m) {
        float[] sample = new float[SAMPLE];
        int step = n / SAMPLE;
        for (int i = 0; i < SAMPLE; i++) sample[i] = keys[i * step];
        Arrays.sort(sample);
        double expected = (double) m * SAMPLE / n;
        int rank = (int) Math.min(SAMPLE - 1, Math.ceil(expected + 2.5 * Math.sqrt(expected + 1)));
        // At the sample's top the guess would keep nearly everything: take the full pass instead.
        return rank == SAMPLE - 1 ? Float.NEGATIVE_INFINITY : sample[rank];
    }

    static long pack(float key, int index) {
        int bits = Float.floatToRawIntBits(key + 0.0f); // −0.0 + 0.0 = 0.0
        bits ^= (bits >> 31) & 0x7fffffff; // negative keys: larger magnitudes order lower
        return ((long) bits << 32) | (index & 0xffffffffL);
    }

    static float key(long packed) {
        int bits = (int) (packed >> 32);
        return Float.intBitsToFloat(bits ^ ((bits >> 31) & 0x7fffffff));
    }

    static int index(long packed) {
        return (int) packed;
    }

    /** Hoare quickselect: reorders a[0, n) so that a[0, m) holds its m smallest, in no particular order. */
    private static void selectSmallest(long[] a, int n, int m) {
        int lo = 0, hi = n - 1, target = m - 1;
        while (lo < hi) {
            long x = a[lo], y = a[(lo + hi) >>> 1], z = a[hi];
            long pivot = x < y ? (y < z ? y : Math.max(x, z)) : (x < z ? x : Math.max(y, z));
            int i = lo, j = hi;
            while (i <= j) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) {
                    long t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            if (target <= j) hi = j;
            else if (target >= i) lo = i;
            else return;
        }
    }
}
