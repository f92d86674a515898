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
     * The nearest {@code nprobe} cells, nearest first (nprobe is clamped to nlist). Their ranking keys
     * (squared L2 to the centroid, or minus the inner product) go to {@code keysOut}, which must hold
     * nprobe floats: the funnel reuses them instead of recomputing distances to the centroids.
     */
    public int[] route(float[] query, int nprobe, TopK scratch, float[] keysOut) {
        int nlist = data.params.nlist();
        scratch.clear();
        long rowBytes = 4L * data.dim;
        for (int c = 0; c < nlist; c++) {
            float key = data.metric == Metric.L2
                    ? kernels.l2(query, 0, data.centroids, c * rowBytes, data.dim)
                    : -kernels.dot(query, 0, data.centroids, c * rowBytes, data.dim);
            if (key < scratch.threshold()) scratch.offer(key, c);
        }
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
