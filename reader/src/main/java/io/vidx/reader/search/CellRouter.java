package io.vidx.reader.search;

import io.vidx.format.Metric;
import io.vidx.reader.kernel.Kernels;

/** Picks the nprobe cells nearest a query by comparing it to every IVF centroid (a linear scan of nlist). */
public final class CellRouter {
    private final IndexData data;
    private final Kernels kernels;

    public CellRouter(IndexData data, Kernels kernels) {
        this.data = data;
        this.kernels = kernels;
    }

    /**
     * Routing keys of every cell for a tile of queries: keys[t][c]. Centroid rows are the outer loop
     * and queries go in pairs, so each row is read from memory once per tile rather than once per
     * query (query tiling); every key is bit-identical to the single-query route's.
     */
    public void keysForTile(float[][] queries, int count, float[][] keys) {
        boolean l2 = data.metric == Metric.L2;
        long rowBytes = 4L * data.dim;
        float[] two = new float[2];
        for (int c = 0; c < data.params.nlist(); c++) {
            long off = c * rowBytes;
            int t = 0;
            for (; t + 1 < count; t += 2) {
                kernels.pair(l2, queries[t], queries[t + 1], data.centroids, off, data.dim, two);
                keys[t][c] = l2 ? two[0] : -two[0];
                keys[t + 1][c] = l2 ? two[1] : -two[1];
            }
            if (t < count) keys[t][c] = key(queries[t], c);
        }
    }

    /** Ranking key of cell c: squared L2 to its centroid, or minus the inner product. */
    private float key(float[] query, int c) {
        long off = 4L * data.dim * c;
        return data.metric == Metric.L2 ? kernels.l2(query, 0, data.centroids, off, data.dim) : -kernels.dot(query, 0, data.centroids, off, data.dim);
    }

    /** Routing keys of cells [from, to) for one query into keys[from..to): bit-identical to {@link #route}'s. */
    public void keysForRange(float[] query, int from, int to, float[] keys) {
        for (int c = from; c < to; c++) keys[c] = key(query, c);
    }

    /** The nearest {@code nprobe} cells from precomputed keys (see {@link #route}). */
    public int[] select(float[] allKeys, int nprobe, TopK scratch, float[] keysOut) {
        scratch.clear();
        for (int c = 0; c < allKeys.length; c++) if (allKeys[c] <= scratch.threshold()) scratch.offer(allKeys[c], c);
        return drain(scratch, nprobe, keysOut);
    }

    /**
     * The nearest {@code nprobe} cells, nearest first (nprobe is clamped to nlist). Their ranking keys
     * (squared L2 to the centroid, or minus the inner product) go to {@code keysOut}, which must hold
     * nprobe floats: the funnel reuses them instead of recomputing distances to the centroids.
     */
    public int[] route(float[] query, int nprobe, TopK scratch, float[] keysOut) {
        scratch.clear();
        for (int c = 0; c < data.params.nlist(); c++) {
            float key = key(query, c);
            if (key <= scratch.threshold()) scratch.offer(key, c);
        }
        return drain(scratch, nprobe, keysOut);
    }

    private int[] drain(TopK scratch, int nprobe, float[] keysOut) {
        int nlist = data.params.nlist();
        int got = scratch.size();
        long[] cells = new long[got];
        float[] keys = new float[got];
        scratch.drainSorted(keys, cells);
        int[] out = new int[Math.min(Math.min(nprobe, nlist), got)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) cells[i];
            keysOut[i] = keys[i];
        }
        return out;
    }
}
