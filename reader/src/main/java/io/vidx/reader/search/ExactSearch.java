package io.vidx.reader.search;

import io.vidx.format.Metric;
import io.vidx.reader.kernel.FloatDistances;

/** Exact search: the distance from the rotated query to every row of the PDX store, top k kept. */
public final class ExactSearch {
    private final IndexData data;

    public ExactSearch(IndexData data) { this.data = data; }

    public void search(float[] query, TopK out) {
        float[] rotated = data.rotation.apply(query);
        out.clear();
        long n = data.params.count();
        boolean l2 = data.metric == Metric.L2;
        for (long row = 0; row < n; row++) {
            float key = l2 ? FloatDistances.l2Pdx(rotated, data.pdx, data.pdxLayout, row)
                    : -FloatDistances.dotPdx(rotated, data.pdx, data.pdxLayout, row);
            if (key < out.threshold()) out.offer(key, row);
        }
    }
}
