package io.vidx.reader.search;

/**
 * The k smallest (key, value) pairs seen, ordered by key and then by value, in primitive arrays: a
 * bounded binary max-heap, so the current k-th pair (the admission threshold) is at the root. No
 * boxing, no allocation per offer or drain. Because the order is total for distinct values (rows), the
 * result does not depend on the order pairs were offered in: batch, tiled and threaded searches
 * return exactly what single searches return.
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

    /**
     * Largest kept key once full, +infinity before. A pair whose key is above it would be rejected;
     * callers pre-filter with {@code key <= threshold()} (an equal key may still win on its value).
     */
    public float threshold() { return size == keys.length ? keys[0] : Float.POSITIVE_INFINITY; }

    public void offer(float key, long value) {
        if (size < keys.length) {
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!greater(key, value, keys[parent], values[parent])) break;
                keys[i] = keys[parent];
                values[i] = values[parent];
                i = parent;
            }
            keys[i] = key;
            values[i] = value;
        } else if (greater(keys[0], values[0], key, value)) {
            siftDown(0, key, value, size);
        }
    }

    private static boolean greater(float k1, long v1, float k2, long v2) {
        return k1 > k2 || (k1 == k2 && v1 > v2);
    }

    /** Places (key, value) at hole {@code i} and sifts it down within [0, n). */
    private void siftDown(int i, float key, long value, int n) {
        while (true) {
            int l = 2 * i + 1;
            if (l >= n) break;
            int r = l + 1;
            int big = (r < n && greater(keys[r], values[r], keys[l], values[l])) ? r : l;
            if (!greater(keys[big], values[big], key, value)) break;
            keys[i] = keys[big];
            values[i] = values[big];
            i = big;
        }
        keys[i] = key;
        values[i] = value;
    }

    /**
     * Copies the kept pairs, ascending by (key, value), into the given arrays (at least {@link #size()}
     * long) and returns the count. Sorts in place (heap sort); the heap is left empty.
     */
    public int drainSorted(float[] keysOut, long[] valuesOut) {
        int n = size;
        for (int end = n - 1; end > 0; end--) {
            float k = keys[end];
            long v = values[end];
            keys[end] = keys[0];
            values[end] = values[0];
            siftDown(0, k, v, end);
        }
        System.arraycopy(keys, 0, keysOut, 0, n);
        System.arraycopy(values, 0, valuesOut, 0, n);
        size = 0;
        return n;
    }
}
