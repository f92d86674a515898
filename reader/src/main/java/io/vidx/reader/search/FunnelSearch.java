package io.vidx.reader.search;

import static io.vidx.format.FormatConstants.F32;

import io.vidx.format.BinaryCodes;
import io.vidx.format.Metric;
import io.vidx.format.SectionKind;
import io.vidx.reader.kernel.FloatDistances;
import io.vidx.reader.kernel.Hamming;
import java.lang.foreign.MemorySegment;

/**
 * The funnel: route to the nprobe nearest cells; in each, build the query's 1-bit code from its
 * rotated residual r_q = Rq - Rc and Hamming-scan every code of the cell; turn each Hamming distance h
 * into a distance estimate with the vector's stored factors (||x - c||, &lt;c, x - c&gt;), taking
 * cos(angle(r_q, r_x)) ≈ cos(pi·h/D'); keep the {@code rerank} best estimates; then compute exact
 * distances for that shortlist from the PDX store and keep the k best.
 *
 * <p>Why the estimate and not raw Hamming: each cell's codes measure angles around that cell's own
 * centroid, so Hamming distances from different cells are not comparable; the factors put them on one
 * scale (L2: ||q-x||^2 = ||r_q||^2 + ||r_x||^2 - 2||r_q|| ||r_x|| cos θ; IP: &lt;q,x&gt; = &lt;q,c&gt; +
 * ||r_q|| ||r_x|| cos θ + &lt;c, r_x&gt;). Thread-safe: all scratch is per call.
 */
public final class FunnelSearch {
    private final IndexData data;
    private final CellRouter router;
    private final MemorySegment factors;
    /** cos(pi·h/D') for h = 0..D'. */
    private final float[] cosOfHamming;

    public FunnelSearch(IndexData data) {
        this.data = data;
        this.router = new CellRouter(data);
        this.factors = data.file.section(SectionKind.CODE_FACTORS);
        this.cosOfHamming = new float[data.paddedDim + 1];
        for (int h = 0; h <= data.paddedDim; h++) cosOfHamming[h] = (float) Math.cos(Math.PI * h / data.paddedDim);
    }

    /** Fills {@code out} with the k nearest (ranking keys and cell-ordered rows). */
    public void search(float[] query, int nprobe, int rerank, TopK out) {
        float[] rotated = data.rotation.apply(query);
        int[] probe = router.route(query, nprobe, new TopK(Math.min(nprobe, data.params.nlist())));
        TopK shortlist = new TopK(rerank);
        long[] qcode = new long[data.codeWords];
        float[] centroid = new float[data.paddedDim];
        float[] residual = new float[data.paddedDim];
        float[] weight = new float[data.paddedDim + 1];
        int[] hamming = new int[256];
        long centroidBytes = 4L * data.paddedDim;
        boolean l2 = data.metric == Metric.L2;
        for (int cell : probe) {
            long start = data.cells.rowStart(cell), end = data.cells.rowEnd(cell);
            if (start == end) continue;
            readFloats(data.centroidsRotated, cell * centroidBytes, centroid);
            double rq2 = 0, qc = 0;
            for (int d = 0; d < residual.length; d++) {
                residual[d] = rotated[d] - centroid[d];
                rq2 += (double) residual[d] * residual[d];
                qc += (double) rotated[d] * centroid[d];
            }
            float rqNorm = (float) Math.sqrt(rq2);
            // Per cell, the estimate is base + extra(x) + weight[h]·||r_x||: one table lookup and a multiply-add per vector.
            for (int h = 0; h < weight.length; h++) weight[h] = (l2 ? -2f : -1f) * rqNorm * cosOfHamming[h];
            float base = l2 ? (float) rq2 : (float) -qc;
            BinaryCodes.encode(residual, qcode);
            for (long row = start; row < end; row += hamming.length) {
                int count = (int) Math.min(hamming.length, end - row);
                Hamming.scan(qcode, data.codes, row, hamming, count);
                for (int i = 0; i < count; i++) {
                    long f = 8 * (row + i);
                    float norm = factors.get(F32, f);
                    float extra = l2 ? norm * norm : -factors.get(F32, f + 4);
                    float estimate = base + extra + weight[hamming[i]] * norm;
                    if (estimate < shortlist.threshold()) shortlist.offer(estimate, row + i);
                }
            }
        }
        int n = shortlist.size();
        float[] keys = new float[n];
        long[] rows = new long[n];
        shortlist.drainSorted(keys, rows);
        out.clear();
        for (int i = 0; i < n; i++) {
            float key = l2 ? FloatDistances.l2Pdx(rotated, data.pdx, data.pdxLayout, rows[i])
                    : -FloatDistances.dotPdx(rotated, data.pdx, data.pdxLayout, rows[i]);
            out.offer(key, rows[i]);
        }
    }

    private static void readFloats(MemorySegment s, long offset, float[] out) {
        for (int i = 0; i < out.length; i++) out[i] = s.get(F32, offset + 4L * i);
    }
}
