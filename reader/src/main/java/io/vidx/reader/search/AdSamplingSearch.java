package io.vidx.reader.search;

import io.vidx.format.PdxLayout;
import io.vidx.reader.kernel.Kernels;

/**
 * The exact tier: every PDX block scanned with ADSampling early termination ({@link RowPruning}; the PDX
 * layout of Kuffo et al., SIGMOD 2025).
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
    private final PdxLayout layout;
    private final PdxRows exact;
    private final PdxRows exactL2;
    private final RowPruning pruning;

    private final FunnelSearch seed;
    /** Cells the seeding funnel visits. */
    static final int SEED_NPROBE = 16;
    /** Shortlisted rows the seed keys exactly, per result wanted. */
    static final int SEED_PER_K = 4;

    public AdSamplingSearch(IndexData data, Kernels kernels, FunnelSearch seed) {
        this.seed = seed;
        this.data = data;
        this.layout = data.pdxLayout;
        this.exact = new PdxRows(data, kernels);
        this.exactL2 = new PdxRows(data, kernels, true);
        this.pruning = new RowPruning(data, kernels);
    }

    /** Whether this index's metric allows pruning by L2 (see the class comment). */
    public boolean applicable() {
        return RowPruning.applicable(data);
    }

    public void search(float[] query, TopK out) {
        searchTile(new float[][] {query}, 1, new TopK[] {out});
    }

    /**
     * One query with the store split over {@code threads} tasks of {@code pool}, for latency: the seed
     * once, then each task scans a contiguous range of blocks with its own heap, which starts from the
     * seed's; the heaps' rows are merged and re-scored exactly. Each task's τ tightens only with what its
     * own range finds, so it prunes no more than a single pass would at the same point, give or take
     * ADSampling's own misses: the result is the exact tier's, not always bit for bit the single-threaded
     * one.
     */
    public void searchSplit(float[] query, TopK out, java.util.concurrent.ExecutorService pool, int threads) {
        float[][] queries = {query};
        RowPruning.Tile seeded = pruning.tile(queries, 1, out.capacity());
        seed(queries, seeded);
        RowPruning.Tile[] parts = pruning.split(seeded, threads);
        long blocks = data.params.pdxBlocks();
        java.util.List<java.util.concurrent.Future<?>> tasks = new java.util.ArrayList<>();
        for (int p = 0; p < threads; p++) {
            RowPruning.Tile part = parts[p];
            long from = blocks * p / threads, to = blocks * (p + 1) / threads;
            tasks.add(pool.submit(() -> scanBlocks(part, 1, from, to)));
        }
        Tasks.await(tasks);
        // The seed's rows are in every part's heap.
        exact.rescoreAll(seeded.q, new long[][] {PdxRows.distinctRows(parts)}, 1, new TopK[] {out});
    }

    /**
     * A tile of queries scans the store once: each block's vertical part goes through
     * {@link Kernels#pdxDotTile} for all of them while it is in L1 (the search-as-matrix-product shape),
     * and only rows that pass a query's first test are read further, for that query. Per query, the
     * result is the same as searching it alone (the kernel's values do not depend on the tile).
     *
     * <p>The first test uses the partial squared distance in its expanded form
     * ‖q_V‖² + ‖x_V‖² − 2⟨q_V, x_V⟩, which lets one multiply-add per (query, row, dimension) serve the
     * test; its rounding differs from the direct sum by a few ulps of the norms, far inside the test's
     * ε0 margin. The winners are re-scored exactly from the store, so returned keys are exact.
     */
    public void searchTile(float[][] queries, int count, TopK[] outs) {
        RowPruning.Tile tile = pruning.tile(queries, count, outs[0].capacity());
        seed(queries, tile);
        scanBlocks(tile, count, 0, data.params.pdxBlocks());
        exact.rescoreAll(tile.q, PdxRows.drainRows(tile.best, count), count, outs); // by the index's own key (L2, or IP on unit vectors)
    }

    /** Every row of PDX blocks [from, to) scanned for the tile's first {@code count} queries. */
    private void scanBlocks(RowPruning.Tile tile, int count, long from, long to) {
        int b = layout.block();
        long n = data.params.count();
        for (long blk = from; blk < to; blk++) pruning.scanRun(tile, count, blk, 0, (int) Math.min(b, n - blk * b), 0, b);
    }

    /**
     * Each query's funnel shortlist, keyed exactly (squared L2 of real rows, so the heap's k-th is an upper
     * bound on the true k-th) as the starting heap; the scan skips those rows. The shortlist is keyed once,
     * by L2, for the whole tile in row order ({@link PdxRows#rescoreAll}): a row's vertical prefix is one
     * cache line per dimension, so keying is the seed's main cost.
     */
    private void seed(float[][] queries, RowPruning.Tile tile) {
        int count = tile.q.length, k = tile.best[0].capacity();
        long[][] rows = seed.candidates(queries, tile.q, count, ProbeRule.nearest(SEED_NPROBE), SEED_PER_K * k, 0);
        exactL2.rescoreAll(tile.q, rows, count, tile.best);
        for (int t = 0; t < count; t++) {
            java.util.Arrays.sort(rows[t]);
            tile.seeded[t] = rows[t];
        }
    }
}
