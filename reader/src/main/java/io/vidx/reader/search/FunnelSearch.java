package io.vidx.reader.search;

import static io.vidx.format.FormatConstants.F32;

import io.vidx.format.Metric;
import io.vidx.format.SectionKind;
import io.vidx.reader.kernel.Kernels;
import java.lang.foreign.MemorySegment;

/**
 * The funnel: route to the cells a {@link ProbeRule} picks (the nprobe nearest, less those beyond its gap); in each, build the query's 1-bit code from its
 * rotated residual r_q = Rq - Rc and Hamming-scan every code of the cell; turn each Hamming distance h
 * into a distance estimate with the vector's stored factors (||x - c||, &lt;c, x - c&gt;), taking
 * cos(angle(r_q, r_x)) ≈ cos(pi·h/D'); keep the {@code rerank} best estimates; then compute exact
 * distances for that shortlist from the PDX store and keep the k best. When the file has spilled entries
 * ({@link SpillEntries}), a probed cell's are scanned after its own rows the same way, each offered under
 * its position, so a vector can reach the shortlist through either of its two cells; the rerank keys
 * each row once.
 *
 * <p>Why the estimate and not raw Hamming: each cell's codes measure angles around that cell's own
 * centroid, so Hamming distances from different cells are not comparable; the factors put them on one
 * scale (L2: ||q-x||^2 = ||r_q||^2 + ||r_x||^2 - 2||r_q|| ||r_x|| cos θ; IP: &lt;q,x&gt; = &lt;q,c&gt; +
 * ||r_q|| ||r_x|| cos θ + &lt;c, r_x&gt;). Thread-safe: all scratch is per call.
 */
public final class FunnelSearch {
    private final IndexData data;
    private final CellRouter router;
    private final Kernels kernels;
    private final PdxRows rows;
    private final PqTier pq;
    private final MemorySegment factors;
    /** cos(pi·h/D') for h = 0..D'. */
    private final float[] cosOfHamming;

    public FunnelSearch(IndexData data, Kernels kernels) {
        this.data = data;
        this.kernels = kernels;
        this.router = new CellRouter(data, kernels);
        this.rows = new PdxRows(data, kernels);
        this.pq = new PqTier(data, kernels);
        this.factors = data.file.section(SectionKind.CODE_FACTORS);
        int rows = Math.max(1, Math.min(data.maxCellSize, 4096));
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(rows));
        this.cosOfHamming = new float[data.paddedDim + 1];
        for (int h = 0; h <= data.paddedDim; h++) cosOfHamming[h] = (float) Math.cos(Math.PI * h / data.paddedDim);
    }

    /** Per-thread arrays: a chunk's factors and spilled entries' positions (copied out in bulk), and its Hamming distances. */
    private static final class Scratch {
        final int rows;
        final float[] factors;
        final int[] hamming;
        final long[] positions;

        Scratch(int rows) {
            this.rows = rows;
            this.factors = new float[2 * rows];
            this.hamming = new int[rows];
            this.positions = new long[rows];
        }
    }

    private final ThreadLocal<Scratch> scratch;

    /** Fills {@code out} with the k nearest (ranking keys and cell-ordered rows). */
    public void search(float[] query, ProbeRule probe, int rerank, TopK out) {
        search(query, rotate(query), probe, rerank, 0, out);
    }

    /**
     * The 3-tier funnel: the 1-bit scan keeps {@code shortlist} candidates, PQ4 fast-scan estimates keep
     * {@code rerank} of them, and those get exact distances.
     */
    public void search3(float[] query, ProbeRule probe, int shortlist, int rerank, TopK out) {
        search(query, rotate(query), probe, shortlist, rerank, out);
    }

    /** Two tiers when {@code pqKeep} is 0 (the 1-bit shortlist goes to exact rerank), else three. */
    void search(float[] query, float[] rotated, ProbeRule probe, int shortlist, int pqKeep, TopK out) {
        searchTile(new float[][] {query}, new float[][] {rotated}, 1, probe, shortlist, pqKeep, new TopK[] {out});
    }

    private float[] rotate(float[] query) {
        float[] rotated = new float[data.paddedDim];
        kernels.rotate(data.rotation, query, rotated);
        return rotated;
    }

    /**
     * A tile of queries: routing keys computed together ({@link CellRouter#keysForTile}); the 1-bit scan
     * grouped by cell, so each probed cell's codes and factors are read once for all the tile's queries
     * that probe it ({@link CellGroups}); the rerank in row order for the whole tile
     * ({@link PdxRows#rescoreAll}). Results are bit-identical to {@link #search} per query: every
     * selection here ({@link Shortlist}, {@link TopK}) is a total order that ignores offer order.
     */
    public void searchTile(float[][] queries, int count, ProbeRule probe, int rerank, TopK[] outs) {
        searchTile(queries, null, count, probe, rerank, 0, outs);
    }

    /** The 3-tier funnel ({@link #search3}) for a tile. */
    public void searchTile3(float[][] queries, int count, ProbeRule probe, int shortlist, int rerank, TopK[] outs) {
        searchTile(queries, null, count, probe, shortlist, rerank, outs);
    }

    /** As above, for a caller that has already rotated the queries (or null: rotate here); pqKeep as in {@link #search(float[], float[], ProbeRule, int, int, TopK)}. */
    void searchTile(float[][] queries, float[][] rotated, int count, ProbeRule rule, int shortlist, int pqKeep, TopK[] outs) {
        if (rotated == null) {
            rotated = new float[count][];
            for (int t = 0; t < count; t++) rotated[t] = rotate(queries[t]);
        }
        rows.rescoreAll(rotated, candidates(queries, rotated, count, rule, shortlistCapacity(shortlist, outs[0].capacity()), pqKeep), count, outs);
    }

    /**
     * The 1-bit shortlist's capacity when {@code asked} entries and k results are wanted. With spilled
     * entries a vector can be offered through both its cells and take two entries, so at least 2k are
     * kept: they hold k distinct vectors whenever the probed cells do (a rerank of 60 had returned as
     * few as 53 of 60 results asked for). A shortlist of distinct vectors instead, each under its own
     * cell's estimate, measured 15% slower at equal recall (docs/benchmarks.md): a vector shortlisted
     * through both cells is a likely neighbour, and its better estimate ranks it better.
     */
    private int shortlistCapacity(int asked, int k) {
        return data.spill == null ? asked : Math.max(asked, 2 * k);
    }

    /**
     * Per query, the rows the funnel would re-score exactly: the 1-bit shortlist, or with {@code pqKeep}
     * above 0 the PQ4 tier's best of it. {@code rotated} holds the queries already rotated.
     */
    long[][] candidates(float[][] queries, float[][] rotated, int count, ProbeRule rule, int shortlist, int pqKeep) {
        int nlist = data.params.nlist(), np = rule.cap(nlist);
        int[][] probe = new int[count][];
        float[][] cellKeys = new float[count][np];
        float[][] keys = new float[Math.min(ROUTE_TILE, count)][nlist];
        for (int r0 = 0; r0 < count; r0 += ROUTE_TILE) {
            int n = Math.min(ROUTE_TILE, count - r0);
            router.keysForTile(java.util.Arrays.copyOfRange(queries, r0, r0 + n), n, keys);
            for (int t = r0; t < r0 + n; t++) probe[t] = router.select(keys[t - r0], rule, cellKeys[t]);
        }
        Shortlist[] lists = new Shortlist[count];
        for (int t = 0; t < count; t++) lists[t] = new Shortlist(shortlist);
        CellGroups groups = new CellGroups(probe, 0, np, nlist);
        ScanTerms terms = new ScanTerms(queries, count);
        for (int c = 0; c < groups.cells(); c++) {
            if (!groups.empty(c)) scanCell(c, groups, rotated, cellKeys, terms, lists);
        }
        long[][] kept = new long[count][];
        for (int t = 0; t < count; t++) {
            kept[t] = lists[t].drainRows();
            if (pqKeep > 0) {
                TopK second = new TopK(pqKeep);
                pq.refine(rotated[t], kept[t], kept[t].length, probe[t], cellKeys[t], second);
                kept[t] = PdxRows.drainRows(second);
            }
        }
        return kept;
    }

    /**
     * Queries routed together: each block of centroids is read once for all of them while it stays in L1.
     * Measured per query over debian-minilm's 980 centroids: 11.1 µs at 8, 10.1 at 16, 9.8 at 32
     * (docs/benchmarks.md); 16 keeps the keys of a route tile small (16 × nlist floats). The scan and the
     * rerank, by contrast, gain from the whole tile.
     */
    private static final int ROUTE_TILE = 16;

    /**
     * Per query, ‖q‖² (IP's residual norm needs it) and the estimate's terms and residual code for the
     * cell being scanned: prepared once per (query, cell), then used for the cell's rows and its spilled
     * entries alike.
     */
    private final class ScanTerms {
        final float[] queryNormSq;
        final long[][] qcode;
        final float[] base;
        final float[] scale;

        ScanTerms(float[][] queries, int count) {
            queryNormSq = new float[count];
            qcode = new long[count][data.codeWords];
            base = new float[count];
            scale = new float[count];
            // A plain loop, not a kernel over MemorySegment.ofArray: a heap segment at the kernels' load
            // sites makes them polymorphic and knocks the mapped-segment loads off their intrinsic (measured 3x).
            if (data.metric != Metric.L2) {
                for (int t = 0; t < count; t++) for (float v : queries[t]) queryNormSq[t] = Math.fma(v, v, queryNormSq[t]);
            }
        }

        /**
         * The estimate's terms for query t in {@code cell} with router key {@code cellKey}; the key already
         * holds ‖q − c‖² (L2) or −⟨q, c⟩ (IP), and rotation keeps both. Then the query's residual code.
         */
        void prepare(int t, int cell, float cellKey, float[] rotated) {
            float rq2;
            if (data.metric == Metric.L2) {
                rq2 = cellKey;
                base[t] = rq2;
                scale[t] = -2f * (float) Math.sqrt(rq2);
            } else {
                float qc = -cellKey;
                rq2 = Math.max(0f, queryNormSq[t] + data.centroidNormsSq()[cell] - 2 * qc);
                base[t] = -qc;
                scale[t] = -(float) Math.sqrt(rq2);
            }
            kernels.signBits(rotated, data.centroidsRotated, cell * 4L * data.paddedDim, qcode[t]);
        }
    }

    /** Hamming-scans {@code cell} (its rows, then its spilled entries) for each of its group's queries, chunk by chunk. */
    private void scanCell(int cell, CellGroups groups, float[][] rotated, float[][] cellKeys, ScanTerms terms, Shortlist[] lists) {
        Scratch s = this.scratch.get();
        int from = groups.start[cell], to = groups.start[cell + 1];
        for (int g = from; g < to; g++) {
            int t = groups.query[g];
            terms.prepare(t, cell, cellKeys[t][groups.rank[g]], rotated[t]);
        }
        scanRun(groups.query, from, to, terms, lists, s, false, data.cells.rowStart(cell), data.cells.rowEnd(cell));
        SpillEntries spill = data.spill;
        if (spill != null) scanRun(groups.query, from, to, terms, lists, s, true, spill.directory.start(cell), spill.directory.end(cell));
    }

    /**
     * Entries [start, end) of the primary sections, or of the spill sections, for queries[from, to) (their
     * terms prepared), chunk by chunk: each chunk's factors are copied once for all those queries.
     */
    private void scanRun(int[] queries, int from, int to, ScanTerms terms, Shortlist[] lists, Scratch s, boolean spilled, long start, long end) {
        // Codes are scanned in place with vector loads (+4-9% over copying them out first); the factors
        // are copied out in bulk, since per-element segment reads pay checks in the hot loop.
        for (long at = start; at < end; at += s.rows) {
            int count = (int) Math.min(s.rows, end - at);
            copyChunk(spilled, at, count, s);
            for (int g = from; g < to; g++) {
                int t = queries[g];
                scanRows(terms, t, spilled, at, count, s, lists[t]);
            }
        }
    }

    /** A chunk's factors (and, for spilled entries, positions) into the scratch. */
    private void copyChunk(boolean spilled, long at, int count, Scratch s) {
        if (spilled) {
            MemorySegment.copy(data.spill.factors, F32, at * 8L, s.factors, 0, 2 * count);
            data.spill.positions(at, count, s.positions);
        } else {
            MemorySegment.copy(factors, F32, at * 8L, s.factors, 0, 2 * count);
        }
    }

    /**
     * Entries [at, at + count), whose factors are in the scratch, offered to query t's {@code list} by
     * estimate under their positions: at + i for the primary sections, the copied positions for spilled ones.
     */
    private void scanRows(ScanTerms terms, int t, boolean spilled, long at, int count, Scratch s, Shortlist list) {
        kernels.hamming(terms.qcode[t], spilled ? data.spill.codes : data.codes, at, count, s.hamming);
        boolean l2 = data.metric == Metric.L2;
        float[] fac = s.factors;
        int[] ham = s.hamming;
        float base = terms.base[t], scale = terms.scale[t];
        for (int i = 0; i < count; i++) {
            float norm = fac[2 * i];
            float extra = l2 ? norm * norm : -fac[2 * i + 1];
            float estimate = base + extra + scale * cosOfHamming[ham[i]] * norm;
            if (estimate <= list.threshold()) list.offer(estimate, spilled ? s.positions[i] : at + i);
        }
    }

    /**
     * One query, its probed cells split across {@code threads} tasks of {@code pool} (cell i goes to task
     * i mod threads), each with its own shortlist; the shortlists are merged and the rerank is split the
     * same way. Because {@link TopK} is a total order, the result equals {@link #search} exactly.
     */
    public void searchSplit(float[] query, ProbeRule rule, int rerank, TopK out, java.util.concurrent.ExecutorService pool, int threads) {
        // Routing split by centroid range (on large indexes it is the biggest part of a query).
        int nlist = data.params.nlist();
        float[] allKeys = new float[nlist];
        java.util.List<java.util.concurrent.Future<?>> tasks = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int from = (int) ((long) nlist * t / threads), to = (int) ((long) nlist * (t + 1) / threads);
            tasks.add(pool.submit(() -> router.keysForRange(query, from, to, allKeys)));
        }
        Tasks.await(tasks);
        float[] cellKeys = new float[rule.cap(nlist)];
        int[] probe = router.select(allKeys, rule, cellKeys);
        float[] rotated = rotate(query);
        Shortlist[] partial = new Shortlist[threads];
        tasks.clear();
        for (int t = 0; t < threads; t++) {
            final int first = t;
            partial[t] = new Shortlist(shortlistCapacity(rerank, out.capacity()));
            tasks.add(pool.submit(() -> scanCells(query, rotated, probe, cellKeys, first, threads, partial[first])));
        }
        Tasks.await(tasks);
        Shortlist shortlist = new Shortlist(shortlistCapacity(rerank, out.capacity()));
        for (Shortlist part : partial) {
            int m = part.size();
            float[] k = new float[m];
            long[] v = new long[m];
            part.drainSorted(k, v);
            for (int i = 0; i < m; i++) if (k[i] <= shortlist.threshold()) shortlist.offer(k[i], v[i]);
        }
        long[] candidates = PdxRows.distinct(shortlist.drainRows()); // a spilled vector can be shortlisted through both its cells
        int n = candidates.length;
        TopK[] reranked = new TopK[threads];
        tasks.clear();
        for (int t = 0; t < threads; t++) {
            final int first = t;
            reranked[t] = new TopK(out.capacity());
            tasks.add(pool.submit(() -> {
                for (int i = first; i < n; i += threads) reranked[first].offer(rows.key(rotated, candidates[i]), candidates[i]);
            }));
        }
        Tasks.await(tasks);
        out.clear();
        mergeInto(reranked, out);
    }

    private static void mergeInto(TopK[] parts, TopK into) {
        for (TopK part : parts) {
            int m = part.size();
            float[] k = new float[m];
            long[] v = new long[m];
            part.drainSorted(k, v);
            for (int i = 0; i < m; i++) into.offer(k[i], v[i]);
        }
    }


    /** Hamming-scans probe[first], probe[first + stride], ... of one query into {@code shortlist} by estimated distance. */
    private void scanCells(float[] query, float[] rotated, int[] probe, float[] cellKeys, int first, int stride, Shortlist shortlist) {
        Scratch s = this.scratch.get();
        ScanTerms terms = new ScanTerms(new float[][] {query}, 1);
        Shortlist[] lists = {shortlist};
        SpillEntries spill = data.spill;
        for (int p = first; p < probe.length; p += stride) {
            int cell = probe[p];
            terms.prepare(0, cell, cellKeys[p], rotated);
            scanRun(CellGroups.SOLE_QUERY, 0, 1, terms, lists, s, false, data.cells.rowStart(cell), data.cells.rowEnd(cell));
            if (spill != null) scanRun(CellGroups.SOLE_QUERY, 0, 1, terms, lists, s, true, spill.directory.start(cell), spill.directory.end(cell));
        }
    }
}
