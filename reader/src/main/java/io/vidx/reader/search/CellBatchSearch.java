package io.vidx.reader.search;

import io.vidx.format.PdxLayout;
import io.vidx.reader.kernel.Kernels;

/**
 * IVF over the PDX store, for a batch: each query gets exact distances to every row of the cells its
 * {@link ProbeRule} picks, and the batch is grouped by cell, so each probed cell's rows are read once and scored against
 * all of the batch's queries that probe it at once ({@link Kernels#pdxDotTile}: a small matrix product
 * per cell, the search-as-GEMM shape on the CPU). With 1,000 queries at nprobe 64 of 980 cells, about 65
 * queries share each cell.
 *
 * <p>Where the metric allows ({@link RowPruning#applicable}), rows are pruned with ADSampling. τ comes
 * first from each query's nearest cell, scanned in a first round with nothing pruned; the second round
 * scans the other probed cells against it. Elsewhere (IP on vectors of any norm), every probed row is
 * scored in full by inner product. Winners are re-scored exactly, so keys equal the other modes'.
 *
 * <p>Recall is bounded by the cells: the share of true neighbours that lie in the probed cells.
 */
public final class CellBatchSearch {
    private final IndexData data;
    private final Kernels kernels;
    private final CellRouter router;
    private final PdxLayout layout;
    private final PdxRows exact;
    private final RowPruning pruning;
    private final boolean prune;

    public CellBatchSearch(IndexData data, Kernels kernels) {
        this.data = data;
        this.kernels = kernels;
        this.router = new CellRouter(data, kernels);
        this.layout = data.pdxLayout;
        this.exact = new PdxRows(data, kernels);
        this.pruning = new RowPruning(data, kernels);
        this.prune = RowPruning.applicable(data);
    }

    public void search(float[][] queries, int count, ProbeRule rule, TopK[] outs) {
        int[][] probe = route(queries, count, rule);
        RowPruning.Tile tile = pruning.tile(queries, count, outs[0].capacity());
        // Two rounds: each query's nearest cell, with nothing to prune against yet, sets τ; then the other
        // probed cells. (More rounds by probe rank, [1,4), [4,16), ..., tighten τ sooner but split each
        // cell's queries across rounds: measured 2-27% slower on debian-minilm.)
        scanCells(probe, 0, 1, tile);
        scanCells(probe, 1, Integer.MAX_VALUE, tile);
        exact.rescoreAll(tile.q, PdxRows.drainRows(tile.best, count), count, outs);
    }

    /**
     * One query with its probed cells split over {@code threads} tasks of {@code pool}, for latency: the
     * nearest cell first, as in {@link #search}; then the other cells dealt out by probe rank (rank r to
     * task r mod threads, so each task gets near cells early), each task pruning against its own heap,
     * which starts from the first round's. The heaps' rows are merged and re-scored exactly. Each task's
     * τ tightens only with its own finds, so the result is IVF's over the same cells, though not always
     * bit for bit the single-threaded one.
     */
    public void searchSplit(float[] query, ProbeRule rule, TopK out, java.util.concurrent.ExecutorService pool, int threads) {
        float[][] queries = {query};
        int[] probe = route(queries, 1, rule)[0];
        RowPruning.Tile first = pruning.tile(queries, 1, out.capacity());
        if (probe.length > 0) scanCell(probe[0], CellGroups.SOLE_QUERY, 0, 1, first);
        RowPruning.Tile[] parts = pruning.split(first, threads);
        java.util.List<java.util.concurrent.Future<?>> tasks = new java.util.ArrayList<>();
        for (int p = 0; p < threads; p++) {
            RowPruning.Tile part = parts[p];
            final int firstRank = 1 + p;
            tasks.add(pool.submit(() -> {
                for (int r = firstRank; r < probe.length; r += threads) scanCell(probe[r], CellGroups.SOLE_QUERY, 0, 1, part);
            }));
        }
        Tasks.await(tasks);
        // The first round's rows are in every part's heap.
        exact.rescoreAll(first.q, new long[][] {PdxRows.distinctRows(parts)}, 1, new TopK[] {out});
    }

    /** Each query's probed cells, nearest first: the router's keys for the tile, then the rule's pick. */
    private int[][] route(float[][] queries, int count, ProbeRule rule) {
        int nlist = data.params.nlist(), np = rule.cap(nlist);
        float[][] keys = new float[count][nlist];
        router.keysForTile(queries, count, keys);
        int[][] probe = new int[count][];
        float[] cellKeys = new float[np];
        for (int t = 0; t < count; t++) probe[t] = router.select(keys[t], rule, cellKeys);
        return probe;
    }

    /** Scans, cell by cell, each query's probed cells of rank [lo, hi), every cell once for all its queries. */
    private void scanCells(int[][] probe, int lo, int hi, RowPruning.Tile tile) {
        CellGroups groups = new CellGroups(probe, lo, hi, data.params.nlist());
        for (int c = 0; c < groups.cells(); c++) {
            if (!groups.empty(c)) scanCell(c, groups.query, groups.start[c], groups.start[c + 1], tile);
        }
    }

    /** Scores the rows of {@code cell} against queries byCell[from..to), block run by block run. */
    private void scanCell(int cell, int[] byCell, int from, int to, RowPruning.Tile tile) {
        int m = to - from, b = layout.block(), lanes = kernels.lanes();
        for (int i = 0; i < m; i++) {
            tile.memberIds[i] = byCell[from + i];
            tile.members[i] = tile.q[byCell[from + i]];
        }
        long start = data.cells.rowStart(cell), end = data.cells.rowEnd(cell);
        for (long r = start; r < end; ) {
            long blk = r / b;
            long runEnd = Math.min(end, (blk + 1) * b);
            int j0 = (int) (r - blk * b), j1 = (int) (runEnd - blk * b);
            // Widen the run to whole vector registers: the extra rows (other cells' or the last block's
            // padding, all inside the block) are computed and ignored.
            int a0 = j0 - j0 % lanes, a1 = Math.min(b, (j1 + lanes - 1) / lanes * lanes);
            if (prune) pruning.scanRun(tile, m, blk, j0, j1, a0, a1 - a0);
            else scoreRunFull(tile, m, blk, j0, j1, a0, a1 - a0);
            r = runEnd;
        }
    }

    /** No pruning (IP on vectors of any norm): key = −(head dot + tail dot), for every row of the run. */
    private void scoreRunFull(RowPruning.Tile tile, int m, long blk, int j0, int j1, int a0, int width) {
        int v = layout.verticalDims(), tail = layout.horizontalDims();
        long blockOff = blk * layout.blockBytes();
        float[] dots = tile.dots;
        kernels.pdxDotTile(tile.members, m, data.pdx, blockOff + 4L * a0, layout.block(), width, v, dots, tile.norms);
        for (int i = 0; i < m; i++) {
            int t = tile.memberIds[i];
            TopK top = tile.best[t];
            for (int j = j0; j < j1; j++) {
                float key = -(dots[i * width + (j - a0)] + kernels.dot(tile.q[t], v, data.pdx, pruning.tailOffset(blockOff, j), tail));
                if (key <= top.threshold()) top.offer(key, blk * layout.block() + j);
            }
        }
    }
}
