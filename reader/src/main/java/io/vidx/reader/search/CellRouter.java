package io.vidx.reader.search;

import io.vidx.format.Metric;
import io.vidx.reader.kernel.FloatDistances;

/** Picks the nprobe cells nearest a query by comparing it to every IVF centroid (a linear scan of nlist). */
public final class CellRouter {
    private final IndexData data;

    public CellRouter(IndexData data) { this.data = data; }

    /** The nearest {@code nprobe} cells, nearest first (nprobe is clamped to nlist). */
    public int[] route(float[] query, int nprobe, TopK scratch) {
        int nlist = data.params.nlist();
        int n = Math.min(nprobe, nlist);
        scratch.clear();
        long rowBytes = 4L * data.dim;
        for (int c = 0; c < nlist; c++) {
            float key = data.metric == Metric.L2
                    ? FloatDistances.l2(query, data.centroids, c * rowBytes, data.dim)
                    : -FloatDistances.dot(query, data.centroids, c * rowBytes, data.dim);
            if (key < scratch.threshold()) scratch.offer(key, c);
        }
        float[] keys = new float[scratch.size()];
        long[] cells = new long[scratch.size()];
        int got = scratch.drainSorted(keys, cells);
        int[] out = new int[Math.min(n, got)];
        for (int i = 0; i < out.length; i++) out[i] = (int) cells[i];
        return out;
    }
}
