package io.vidx.reader.search;

import io.vidx.format.Metric;
import io.vidx.format.PdxLayout;
import io.vidx.reader.kernel.Kernels;

/**
 * The exact tier: PDX blocks scanned with ADSampling early termination (Gao and Long, SIGMOD 2023; the
 * PDX layout of Kuffo et al., SIGMOD 2025). In a rotated space every dimension carries about the same
 * share of a distance, so the partial squared distance over the first d of D' dimensions, scaled by
 * D'/d, estimates the whole. A row is dropped as soon as
 * <pre>  partial_d &gt; τ · (d / D') · (1 + ε0 / √d)²  </pre>
 * where τ is the current k-th best distance. The test runs after the V dimension-major dimensions
 * (all 64 rows of a block at once, vertically) and then every {@code adsStep} dimensions of each
 * surviving row's contiguous tail. ε0, the step and V come from the file (PARAMS), not from code.
 *
 * <p>τ starts tight: the heap is seeded with a small funnel search's k best (exact distances of real
 * rows, so an upper bound on the true k-th distance, and the result stays exact), instead of +∞ until
 * the scan happens upon the query's neighbourhood. Measured on debian-minilm: 31% of rows survived
 * the first test unseeded.
 *
 * <p>Ranks by squared L2. For an IP index whose vectors all have unit norm (PARAMS flag), L2 ranks the
 * same and the winners are re-scored by inner product; other IP indexes fall back to brute force.
 */
public final class AdSamplingSearch {
    private final IndexData data;
    private final Kernels kernels;
    private final PdxLayout layout;
    private final PdxRows exact;
    private final PdxRows exactL2;
    private final float eps0;
    private final int step;
    /** Whether the stored step suits {@link Kernels#l2Pruned} (a multiple of its quantum). */
    private final boolean fused;

    private final FunnelSearch seed;
    /** Cells the seeding funnel visits. */
    static final int SEED_NPROBE = 16;

    public AdSamplingSearch(IndexData data, Kernels kernels, FunnelSearch seed) {
        this.seed = seed;
        this.data = data;
        this.kernels = kernels;
        this.layout = data.pdxLayout;
        this.exact = new PdxRows(data, kernels);
        this.exactL2 = new PdxRows(data, kernels, true);
        this.eps0 = data.params.adsEpsilon0();
        this.step = data.params.adsStep();
        this.fused = step % kernels.pruneQuantum() == 0;
    }

    /** Whether this index's metric allows pruning by L2 (see the class comment). */
    public boolean applicable() {
        return data.metric == Metric.L2 || data.params.unitNorm();
    }

    public void search(float[] query, TopK out) {
        int dPad = data.paddedDim, v = layout.verticalDims(), b = layout.block(), tail = layout.horizontalDims();
        float[] q = new float[dPad];
        kernels.rotate(data.rotation, query, q);
        // bound[d] = (d / D') · (1 + ε0/√d)²: the multiplier of τ after d dimensions (1 once all are seen).
        float[] bound = new float[dPad + 1];
        for (int d = 1; d <= dPad; d++) {
            double f = 1 + eps0 / Math.sqrt(d);
            bound[d] = d == dPad ? 1f : (float) Math.min(1.0, (double) d / dPad * f * f);
        }
        TopK l2 = new TopK(out.capacity());
        long[] seeded = seed(query, q, l2);
        float[] acc = new float[b];
        long n = data.params.count();
        long blocks = data.params.pdxBlocks();
        for (long blk = 0; blk < blocks; blk++) {
            long blockOff = blk * layout.blockBytes();
            int rows = (int) Math.min(b, n - blk * b);
            java.util.Arrays.fill(acc, 0f);
            kernels.pdxVertical(true, q, data.pdx, blockOff, b, v, acc);
            float tau = l2.threshold();
            float cut = v == dPad ? tau : tau * bound[v];
            for (int j = 0; j < rows; j++) {
                float partial = acc[j];
                if (partial > cut) continue;
                long tailOff = blockOff + 4L * ((long) v * b + (long) j * tail);
                float full;
                if (fused) {
                    full = kernels.l2Pruned(q, v, data.pdx, tailOff, tail, step, partial, l2.threshold(), bound);
                } else { // a step the fused kernel cannot check at: one kernel call per step
                    int d = v;
                    while (d < dPad) {
                        int len = Math.min(step, dPad - d);
                        partial += kernels.l2(q, d, data.pdx, tailOff + 4L * (d - v), len);
                        d += len;
                        if (partial > l2.threshold() * bound[d]) break;
                    }
                    full = d == dPad ? partial : Float.POSITIVE_INFINITY;
                }
                long row = blk * b + j;
                if (full <= l2.threshold() && java.util.Arrays.binarySearch(seeded, row) < 0) l2.offer(full, row);
            }
        }
        if (data.metric == Metric.L2) {
            copy(l2, out);
            return;
        }
        // IP on unit vectors: the L2 winners, re-scored by inner product.
        int m = l2.size();
        float[] keys = new float[m];
        long[] rowsOut = new long[m];
        l2.drainSorted(keys, rowsOut);
        out.clear();
        for (int i = 0; i < m; i++) out.offer(exact.key(q, rowsOut[i]), rowsOut[i]);
    }

    /** Offers the funnel's k best, by exact squared L2, and returns their rows sorted (to skip them in the scan). */
    private long[] seed(float[] query, float[] rotated, TopK l2) {
        int k = l2.capacity();
        TopK found = new TopK(k);
        seed.search(query, rotated, Math.min(SEED_NPROBE, data.params.nlist()), 4 * k, found);
        int m = found.size();
        float[] keys = new float[m];
        long[] rows = new long[m];
        found.drainSorted(keys, rows);
        for (int i = 0; i < m; i++) l2.offer(exactL2.key(rotated, rows[i]), rows[i]);
        java.util.Arrays.sort(rows);
        return rows;
    }

    private static void copy(TopK from, TopK to) {
        int m = from.size();
        float[] keys = new float[m];
        long[] rows = new long[m];
        from.drainSorted(keys, rows);
        to.clear();
        for (int i = 0; i < m; i++) to.offer(keys[i], rows[i]);
    }
}
