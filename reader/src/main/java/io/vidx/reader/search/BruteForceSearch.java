package io.vidx.reader.search;

import io.vidx.reader.kernel.Kernels;

/** Brute force: the full distance from the rotated query to every row of the PDX store, top k kept. */
public final class BruteForceSearch {
    private final IndexData data;
    private final PdxRows rows;
    private final Kernels kernels;

    public BruteForceSearch(IndexData data, Kernels kernels) {
        this.data = data;
        this.kernels = kernels;
        this.rows = new PdxRows(data, kernels);
    }

    public void search(float[] query, TopK out) {
        float[] rotated = new float[data.paddedDim];
        kernels.rotate(data.rotation, query, rotated);
        out.clear();
        long n = data.params.count();
        for (long row = 0; row < n; row++) {
            float key = rows.key(rotated, row);
            if (key <= out.threshold()) out.offer(key, row);
        }
    }
}
