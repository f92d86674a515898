package io.vidx.reader.search;

/**
 * The k smallest (key, row) pairs of a long stream, as {@link TopK} keeps them (ordered by key, then
 * row), but for streams where many pairs get past the admission test: the funnel's 1-bit tier offers a
 * few hundred of each query's thousands of estimates, and sifting each through a heap cost a tenth of
 * a query (measured). Here an admitted pair is appended to a buffer of 2k; when the buffer fills, a
 * quickselect keeps its k smallest and raises the threshold to the k-th key. The kept set is exactly
 * TopK's whatever the offer order, since the order is total for distinct rows. Not thread-safe.
 */
public final class Shortlist {
    private final int k;
    private final float[] keys;
    private final long[] rows;
    private int size;
    private float threshold = Float.POSITIVE_INFINITY;

    public Shortlist(int k) {
        if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
        this.k = k;
        keys = new float[2 * k];
        rows = new long[2 * k];
    }

    public int capacity() { return k; }

    /**
     * A pair whose key is above it cannot be among the k smallest; callers pre-filter with
     * {@code key <= threshold()}. It is the k-th key at the last compaction, so it lags TopK's.
     */
    public float threshold() { return threshold; }

    public void offer(float key, long row) {
        keys[size] = key;
        rows[size] = row;
        if (++size == keys.length) {
            selectSmallest(k);
            size = k;
            threshold = keys[k - 1];
        }
    }

    /** Kept pairs: min(k, offered). */
    public int size() { return Math.min(size, k); }

    /** The kept pairs, ascending by (key, row), into the arrays (at least {@link #size()} long); returns the count and empties this. */
    public int drainSorted(float[] keysOut, long[] rowsOut) {
        if (size > k) selectSmallest(k);
        int n = Math.min(size, k);
        TopK order = new TopK(Math.max(1, n));
        for (int i = 0; i < n; i++) order.offer(keys[i], rows[i]);
        size = 0;
        threshold = Float.POSITIVE_INFINITY;
        return n == 0 ? 0 : order.drainSorted(keysOut, rowsOut);
    }

    /**
     * The kept pairs' rows, in no particular order (for callers that order them themselves, as the
     * row-ordered rerank does: sorting here cost 4% of a funnel query); empties this.
     */
    public long[] drainRows() {
        if (size > k) selectSmallest(k);
        long[] out = java.util.Arrays.copyOf(rows, Math.min(size, k));
        size = 0;
        threshold = Float.POSITIVE_INFINITY;
        return out;
    }

    /** Reorders [0, size) so that [0, m) holds the m smallest pairs, the m-th of them at m - 1. */
    private void selectSmallest(int m) {
        int lo = 0, hi = size - 1, target = m - 1;
        while (lo < hi) {
            int p = partition(lo, hi, medianOfThree(lo, (lo + hi) >>> 1, hi));
            if (p == target) return;
            if (p < target) lo = p + 1;
            else hi = p - 1;
        }
    }

    private int medianOfThree(int a, int b, int c) {
        if (less(a, b)) return less(b, c) ? b : (less(a, c) ? c : a);
        return less(a, c) ? a : (less(b, c) ? c : b);
    }

    /**
     * Lomuto partition of [lo, hi] around the pair at {@code pivot}; returns the pivot's final index.
     * Branch-free: every pair is swapped with the first pair not below the pivot, and the boundary
     * advances by the comparison's outcome, so the loop does not mispredict on random keys. Measured in
     * the funnel (debian-minilm, 1 thread): compactions 9.4–10.4 → 4.1–6.3 µs per query at nprobe 40 /
     * rerank 64, 20.4–20.8 → 9.5–10.9 µs at 192 / 100.
     */
    private int partition(int lo, int hi, int pivot) {
        swap(pivot, hi);
        float pk = keys[hi];
        long pr = rows[hi];
        int store = lo;
        for (int i = lo; i < hi; i++) {
            float ki = keys[i];
            long ri = rows[i];
            keys[i] = keys[store];
            rows[i] = rows[store];
            keys[store] = ki;
            rows[store] = ri;
            store += (ki < pk) | ((ki == pk) & (ri < pr)) ? 1 : 0;
        }
        swap(store, hi);
        return store;
    }

    private boolean less(int i, int j) {
        return keys[i] < keys[j] || (keys[i] == keys[j] && rows[i] < rows[j]);
    }

    private void swap(int i, int j) {
        float kt = keys[i];
        keys[i] = keys[j];
        keys[j] = kt;
        long rt = rows[i];
        rows[i] = rows[j];
        rows[j] = rt;
    }
}
