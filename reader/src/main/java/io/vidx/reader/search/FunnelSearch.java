package io.vidx.reader.search;

import static io.vidx.format.FormatConstants.F32;

import io.vidx.format.BinaryCodes;
import io.vidx.format.Metric;
import io.vidx.reader.kernel.FloatDistances;
import io.vidx.reader.kernel.Hamming;

/**
 * The funnel: route to the nprobe nearest cells; in each, build the query's 1-bit code from its
 * rotated residual (Rq - Rc) and Hamming-scan every code of the cell into a shortlist of the
 * {@code rerank} nearest; then compute exact distances for the shortlist from the PDX store and keep
 * the k best. Thread-safe: all scratch is per call.
 */
public final class FunnelSearch {
    private final IndexData data;
    private final CellRouter router;

    public FunnelSearch(IndexData data) {
        this.data = data;
        this.router = new CellRouter(data);
    }

    /** Fills {@code out} with the k nearest (ranking keys and cell-ordered rows). */
    public void search(float[] query, int nprobe, int rerank, TopK out) {
        float[] rotated = data.rotation.apply(query);
        int[] probe = router.route(query, nprobe, new TopK(Math.min(nprobe, data.params.nlist())));
        TopK shortlist = new TopK(rerank);
        long[] qcode = new long[data.codeWords];
        float[] centroid = new float[data.paddedDim];
        int[] hamming = new int[256];
        long centroidBytes = 4L * data.paddedDim;
        for (int cell : probe) {
            long start = data.cells.rowStart(cell), end = data.cells.rowEnd(cell);
            if (start == end) continue;
            MemorySegments.readFloats(data.centroidsRotated, cell * centroidBytes, centroid);
            BinaryCodes.encodeDifference(rotated, centroid, qcode);
            for (long row = start; row < end; row += hamming.length) {
                int count = (int) Math.min(hamming.length, end - row);
                Hamming.scan(qcode, data.codes, row, hamming, count);
                for (int i = 0; i < count; i++) {
                    if (hamming[i] < shortlist.threshold()) shortlist.offer(hamming[i], row + i);
                }
            }
        }
        int n = shortlist.size();
        float[] keys = new float[n];
        long[] rows = new long[n];
        shortlist.drainSorted(keys, rows);
        out.clear();
        boolean l2 = data.metric == Metric.L2;
        for (int i = 0; i < n; i++) {
            float key = l2 ? FloatDistances.l2Pdx(rotated, data.pdx, data.pdxLayout, rows[i])
                    : -FloatDistances.dotPdx(rotated, data.pdx, data.pdxLayout, rows[i]);
            out.offer(key, rows[i]);
        }
    }

    /** Small helpers for reading mapped floats. */
    static final class MemorySegments {
        static void readFloats(java.lang.foreign.MemorySegment s, long offset, float[] out) {
            for (int i = 0; i < out.length; i++) out[i] = s.get(F32, offset + 4L * i);
        }
    }
}
