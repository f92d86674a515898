package io.vidx.reader.search;

import java.util.Arrays;

/**
 * The k smallest (key, value) pairs seen, in primitive arrays: a bounded binary max-heap, so the
 * current k-th key (the admission threshold) is at the root. No boxing, no allocation per offer.
 * Ties keep the earlier value: a key equal to the threshold is not admitted once the heap is full.
 */
public final class TopK {
    private final float[] keys;
    private final long[] values;
    private int size;

    public TopK(int k) {
        if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
        keys = new float[k];
        values = new long[k];
    }

    public void clear() { size = 0; }

    public int size() { return size; }

    public int capacity() { return keys.length; }

    public boolean full() { return size == keys.length; }

    /** Largest kept key once full, +infinity before: anything not below it would be rejected. */
    public float threshold() { return size == keys.length ? keys[0] : Float.POSITIVE_INFINITY; }

    public void offer(float key, long value) {
        if (size < keys.length) {
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (keys[parent] >= key) break;
                keys[i] = keys[parent];
                values[i] = values[parent];
                i = parent;
            }
            keys[i] = key;
            values[i] = value;
        } else if (key < keys[0]) {
            siftDownFromRoot(key, value);
        }
    }

    private void siftDownFromRoot(float key, long value) {
        int i = 0, n = size;
        while (true) {
            int l = 2 * i + 1;
            if (l >= n) break;
            int r = l + 1;
            int big = (r < n && keys[r] > keys[l]) ? r : l;
            if (keys[big] <= key) break;
            keys[i] = keys[big];
            values[i] = values[big];
            i = big;
        }
        keys[i] = key;
        values[i] = value;
    }

    /**
     * Sorts the kept pairs ascending by key (ties by value) into the given arrays, which must hold
     * {@link #size()} entries, and returns the count. The heap is left empty.
     */
    public int drainSorted(float[] keysOut, long[] valuesOut) {
        int n = size;
        int[] ix = new int[n];
        for (int i = 0; i < n; i++) ix[i] = i;
        sortIndices(ix, 0, n);
        for (int i = 0; i < n; i++) {
            keysOut[i] = keys[ix[i]];
            valuesOut[i] = values[ix[i]];
        }
        size = 0;
        return n;
    }

    private void sortIndices(int[] ix, int from, int to) {
        // k is small (tens to thousands): insertion sort up to 32, else merge sort.
        if (to - from <= 32) {
            for (int i = from + 1; i < to; i++) {
                int v = ix[i], j = i - 1;
                while (j >= from && less(v, ix[j])) { ix[j + 1] = ix[j]; j--; }
                ix[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        sortIndices(ix, from, mid);
        sortIndices(ix, mid, to);
        int[] left = Arrays.copyOfRange(ix, from, mid);
        int i = 0, j = mid, o = from;
        while (i < left.length && j < to) ix[o++] = less(ix[j], left[i]) ? ix[j++] : left[i++];
        while (i < left.length) ix[o++] = left[i++];
    }

    private boolean less(int a, int b) {
        return keys[a] < keys[b] || (keys[a] == keys[b] && values[a] < values[b]);
    }
}
