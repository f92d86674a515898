package io.vidx.reader.search;

import static io.vidx.format.FormatConstants.F32;

import io.vidx.format.Metric;
import io.vidx.format.SectionKind;
import io.vidx.reader.kernel.Kernels;
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

    /** Per-thread arrays: a cell's factors (copied out in bulk) and its Hamming distances. */
    private static final class Scratch {
        final int rows;
        final float[] factors;
        final int[] hamming;

        Scratch(int rows) {
            this.rows = rows;
            this.factors = new float[2 * rows];
            this.hamming = new int[rows];
        }
    }

    private final ThreadLocal<Scratch> scratch;

    /** Fills {@code out} with the k nearest (ranking keys and cell-ordered rows). */
    public void search(float[] query, int nprobe, int rerank, TopK out) {
        search(query, rotate(query), nprobe, rerank, 0, out);
    }

    /**
     * The 3-tier funnel: the 1-bit scan keeps {@code shortlist} candidates, PQ4 fast-scan estimates keep
     * {@code rerank} of them, and those get exact distances.
     */
    public void search3(float[] query, int nprobe, int shortlist, int rerank, TopK out) {
        search(query, rotate(query), nprobe, shortlist, rerank, out);
    }

    /** Two tiers when {@code pqKeep} is 0 (the 1-bit shortlist goes to exact rerank), else three. */
    void search(float[] query, float[] rotated, int nprobe, int shortlist, int pqKeep, TopK out) {
        float[] cellKeys = new float[Math.min(nprobe, data.params.nlist())];
        int[] probe = router.route(query, nprobe, new TopK(cellKeys.length), cellKeys);
        scanAndRerank(query, rotated, probe, cellKeys, shortlist, pqKeep, out);
    }

    private float[] rotate(float[] query) {
        float[] rotated = new float[data.paddedDim];
        kernels.rotate(data.rotation, query, rotated);
        return rotated;
    }

    /**
     * A tile of queries: routing keys computed together ({@link CellRouter#keysForTile}), then each
     * query scanned and reranked alone. Results are bit-identical to {@link #search} per query.
     */
    public void searchTile(float[][] queries, int count, int nprobe, int rerank, TopK[] outs) {
        searchTile(queries, null, count, nprobe, rerank, 0, outs);
    }

    /** The 3-tier funnel ({@link #search3}) for a tile. */
    public void searchTile3(float[][] queries, int count, int nprobe, int shortlist, int rerank, TopK[] outs) {
        searchTile(queries, null, count, nprobe, shortlist, rerank, outs);
    }

    /** As above, for a caller that has already rotated the queries (or null: rotate here); pqKeep as in {@link #search(float[], float[], int, int, int, TopK)}. */
    void searchTile(float[][] queries, float[][] rotated, int count, int nprobe, int shortlist, int pqKeep, TopK[] outs) {
        float[][] keys = new float[count][data.params.nlist()];
        router.keysForTile(queries, count, keys);
        TopK scratch = new TopK(Math.min(nprobe, data.params.nlist()));
        for (int t = 0; t < count; t++) {
            float[] cellKeys = new float[scratch.capacity()];
            int[] probe = router.select(keys[t], nprobe, scratch, cellKeys);
            scanAndRerank(queries[t], rotated == null ? rotate(queries[t]) : rotated[t], probe, cellKeys, shortlist, pqKeep, outs[t]);
        }
    }

    private void scanAndRerank(float[] query, float[] rotated, int[] probe, float[] cellKeys, int shortlist, int pqKeep, TopK out) {
        TopK first = new TopK(shortlist);
        scanCells(query, rotated, probe, cellKeys, 0, 1, first);
        if (pqKeep > 0) {
            int n = first.size();
            float[] keys = new float[n];
            long[] candidates = new long[n];
            first.drainSorted(keys, candidates);
            first = new TopK(pqKeep);
            pq.refine(rotated, candidates, n, probe, cellKeys, first);
        }
        rerank(rotated, first, out);
    }

    /**
     * One query, its probed cells split across {@code threads} tasks of {@code pool} (cell i goes to task
     * i mod threads), each with its own shortlist; the shortlists are merged and the rerank is split the
     * same way. Because {@link TopK} is a total order, the result equals {@link #search} exactly.
     */
    public void searchSplit(float[] query, int nprobe, int rerank, TopK out, java.util.concurrent.ExecutorService pool, int threads) {
        // Routing split by centroid range (on large indexes it is the biggest part of a query).
        int nlist = data.params.nlist();
        float[] allKeys = new float[nlist];
        java.util.List<java.util.concurrent.Future<?>> tasks = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int from = (int) ((long) nlist * t / threads), to = (int) ((long) nlist * (t + 1) / threads);
            tasks.add(pool.submit(() -> router.keysForRange(query, from, to, allKeys)));
        }
        await(tasks);
        float[] cellKeys = new float[Math.min(nprobe, nlist)];
        int[] probe = router.select(allKeys, nprobe, new TopK(cellKeys.length), cellKeys);
        float[] rotated = rotate(query);
        TopK[] partial = new TopK[threads];
        tasks.clear();
        for (int t = 0; t < threads; t++) {
            final int first = t;
            partial[t] = new TopK(rerank);
            tasks.add(pool.submit(() -> scanCells(query, rotated, probe, cellKeys, first, threads, partial[first])));
        }
        await(tasks);
        TopK shortlist = new TopK(rerank);
        mergeInto(partial, shortlist);
        int n = shortlist.size();
        float[] keys = new float[n];
        long[] candidates = new long[n];
        shortlist.drainSorted(keys, candidates);
        TopK[] reranked = new TopK[threads];
        tasks.clear();
        for (int t = 0; t < threads; t++) {
            final int first = t;
            reranked[t] = new TopK(out.capacity());
            tasks.add(pool.submit(() -> {
                for (int i = first; i < n; i += threads) reranked[first].offer(rows.key(rotated, candidates[i]), candidates[i]);
            }));
        }
        await(tasks);
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

    private static void await(java.util.List<java.util.concurrent.Future<?>> tasks) {
        try {
            for (java.util.concurrent.Future<?> f : tasks) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    private void rerank(float[] rotated, TopK shortlist, TopK out) {
        int n = shortlist.size();
        float[] keys = new float[n];
        long[] candidates = new long[n];
        shortlist.drainSorted(keys, candidates);
        out.clear();
        for (int i = 0; i < n; i++) out.offer(rows.key(rotated, candidates[i]), candidates[i]);
    }

    /** Hamming-scans probe[first], probe[first + stride], ... into {@code shortlist} by estimated distance. */
    private void scanCells(float[] query, float[] rotated, int[] probe, float[] cellKeys, int first, int stride, TopK shortlist) {
        long[] qcode = new long[data.codeWords];
        Scratch scratch = this.scratch.get();
        long centroidBytes = 4L * data.paddedDim;
        boolean l2 = data.metric == Metric.L2;
        float[] centroidNorms = l2 ? null : data.centroidNormsSq();
        float queryNormSq = 0f;
        // A plain loop, not a kernel over MemorySegment.ofArray: a heap segment at the kernels' load
        // sites makes them polymorphic and knocks the mapped-segment loads off their intrinsic (measured 3x).
        if (!l2) for (float v : query) queryNormSq = Math.fma(v, v, queryNormSq);
        for (int p = first; p < probe.length; p += stride) {
            int cell = probe[p];
            long start = data.cells.rowStart(cell), end = data.cells.rowEnd(cell);
            if (start == end) continue;
            // The router's key already holds ||q - c||^2 (L2) or -<q, c> (IP): rotation keeps both.
            float rq2, base;
            if (l2) {
                rq2 = cellKeys[p];
                base = rq2;
            } else {
                float qc = -cellKeys[p];
                rq2 = Math.max(0f, queryNormSq + centroidNorms[cell] - 2 * qc);
                base = -qc;
            }
            float scale = (l2 ? -2f : -1f) * (float) Math.sqrt(rq2);
            kernels.signBits(rotated, data.centroidsRotated, cell * centroidBytes, qcode);
            // Codes are scanned in place with vector loads (+4-9% over copying them out first); the
            // factors are copied out in bulk, since per-element segment reads pay checks in the hot loop.
            for (long row = start; row < end; row += scratch.rows) {
                int count = (int) Math.min(scratch.rows, end - row);
                MemorySegment.copy(factors, F32, row * 8L, scratch.factors, 0, 2 * count);
                kernels.hamming(qcode, data.codes, row, count, scratch.hamming);
                float[] fac = scratch.factors;
                int[] ham = scratch.hamming;
                for (int i = 0; i < count; i++) {
                    float norm = fac[2 * i];
                    float extra = l2 ? norm * norm : -fac[2 * i + 1];
                    float estimate = base + extra + scale * cosOfHamming[ham[i]] * norm;
                    if (estimate <= shortlist.threshold()) shortlist.offer(estimate, row + i);
                }
            }
        }
    }

}
