package io.vidx.reader.search;

import io.vidx.format.Metric;
import io.vidx.reader.kernel.Kernels;

/** Picks the nprobe cells nearest a query by comparing it to every IVF centroid (a linear scan of nlist). */
public final class CellRouter {
    private final IndexData data;
    private final Kernels kernels;

    /** Per thread, room for nlist packed (key, cell) pairs and nlist cell numbers for {@link #select}: reused, since a single query selects too. */
    private final ThreadLocal<SelectScratch> scratch;

    private record SelectScratch(long[] pairs, int[] cells) {}

    public CellRouter(IndexData data, Kernels kernels) {
        this.data = data;
        this.kernels = kernels;
        this.scratch = ThreadLocal.withInitial(() -> new SelectScratch(new long[data.params.nlist()], new int[data.params.nlist()]));
    }

    /**
     * Routing keys of every cell for a tile of queries: keys[t][c]. A small matrix product, queries ×
     * centroids ({@link Kernels#dotColumns}), each block of centroids read once per tile and kept in L1
     * while the tile's queries pass over it. Keys are squared L2 in its expanded form ‖q‖² + ‖c‖² − 2⟨q, c⟩ (clamped at 0), or minus
     * the inner product; a query's keys do not depend on the tile.
     */
    public void keysForTile(float[][] queries, int count, float[][] keys) {
        keys(queries, count, 0, data.params.nlist(), keys);
    }

    /** Routing keys of cells [from, to) for one query into keys[from..to): the same as {@link #keysForTile}'s. */
    public void keysForRange(float[] query, int from, int to, float[] keys) {
        keys(new float[][] {query}, 1, from, to, new float[][] {keys});
    }

    private void keys(float[][] queries, int count, int from, int to, float[][] keys) {
        boolean l2 = data.metric == Metric.L2;
        float[] centroidNorms = l2 ? data.centroidNormsSq() : null;
        float[] queryNorms = new float[count];
        if (l2) for (int t = 0; t < count; t++) for (float v : queries[t]) queryNorms[t] = Math.fma(v, v, queryNorms[t]);
        // Blocks as wide as the kernel's register tile: two vectors for four or more queries (with AVX2 a
        // block of 384 dims then fits L1 while the tile passes over it: about 20% faster), four for fewer,
        // which need the wider block's independent chains (docs/benchmarks.md).
        int w = (count >= 4 ? 2 : 4) * kernels.lanes();
        float[] cols = data.centroidColumns(w);
        float[] dots = new float[count * w];
        for (int b = from / w; b * w < to; b++) {
            kernels.dotColumns(queries, count, cols, b * w * data.dim, w, data.dim, dots);
            int c0 = Math.max(from, b * w), c1 = Math.min(to, (b + 1) * w);
            for (int t = 0; t < count; t++) {
                for (int c = c0; c < c1; c++) {
                    float dot = dots[t * w + (c - b * w)];
                    keys[t][c] = l2 ? Math.max(0f, queryNorms[t] + centroidNorms[c] - 2f * dot) : -dot;
                }
            }
        }
    }

    /**
     * The cells {@code rule} visits, from precomputed keys, nearest first: its nprobe nearest (clamped to
     * nlist; ties by cell number), cut where the gap ends ({@link ProbeRule}). Their keys (squared L2 to
     * the centroid, or minus the inner product) go to {@code keysOut}, which must hold
     * {@code rule.cap(nlist)} floats: the funnel reuses them instead of recomputing distances to the
     * centroids.
     */
    public int[] select(float[] allKeys, ProbeRule rule, float[] keysOut) {
        int nlist = data.params.nlist();
        SelectScratch s = this.scratch.get();
        long[] scratch = s.pairs();
        int got = SmallestKeys.select(kernels, allKeys, nlist, rule.cap(nlist), scratch, s.cells());
        for (int i = 0; i < got; i++) keysOut[i] = SmallestKeys.key(scratch[i]);
        int n = rule.kept(keysOut, got, data.metric == Metric.L2);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = SmallestKeys.index(scratch[i]);
        return out;
    }
}
