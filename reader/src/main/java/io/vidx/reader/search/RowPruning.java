package io.vidx.reader.search;

import static io.vidx.format.FormatConstants.F32;

import io.vidx.format.Metric;
import io.vidx.format.PdxLayout;
import io.vidx.reader.kernel.Kernels;
import java.util.Arrays;

/**
 * ADSampling's test (Gao and Long, SIGMOD 2023) over the PDX store, shared by the scans that use it.
 * In a rotated space every dimension carries about the same share of a distance, so the partial squared
 * distance over the first d of D' dimensions, scaled by D'/d, estimates the whole. A row is dropped as
 * soon as
 * <pre>  partial_d &gt; τ · (d / D') · (1 + ε0 / √d)²  </pre>
 * where τ is the query's current k-th best. The first test comes after a block's V dimension-major
 * dimensions (all rows at once, {@link Kernels#pdxDotTile}), then every {@code adsStep} dimensions of a
 * surviving row's contiguous tail. ε0, the step and V come from the file (PARAMS), not from code.
 *
 * <p>The first test uses the partial distance in its expanded form ‖q_V‖² + ‖x_V‖² − 2⟨q_V, x_V⟩, so one
 * multiply-add per (query, row, dimension) serves it; its rounding differs from the direct sum by a few
 * ulps of the norms, far inside the ε0 margin. Callers re-score their winners exactly.
 *
 * <p>Ranking by L2 is right for L2 indexes and for IP indexes of unit vectors (PARAMS flag); see
 * {@link #applicable}.
 */
final class RowPruning {
    private final IndexData data;
    private final Kernels kernels;
    private final PdxLayout layout;
    private final int step;
    /** Whether the stored step suits {@link Kernels#l2Pruned} (a multiple of its quantum). */
    private final boolean fused;
    /** bound[d] = (d / D') · (1 + ε0/√d)²: the multiplier of τ after d dimensions (1 once all are seen). */
    private final float[] bound;

    RowPruning(IndexData data, Kernels kernels) {
        this.data = data;
        this.kernels = kernels;
        this.layout = data.pdxLayout;
        this.step = data.params.adsStep();
        this.fused = step % kernels.pruneQuantum() == 0;
        int dPad = data.paddedDim;
        float eps0 = data.params.adsEpsilon0();
        this.bound = new float[dPad + 1];
        for (int d = 1; d <= dPad; d++) {
            double f = 1 + eps0 / Math.sqrt(d);
            bound[d] = d == dPad ? 1f : (float) Math.min(1.0, (double) d / dPad * f * f);
        }
    }

    /** Whether this index's metric allows pruning by L2 (see the class comment). */
    static boolean applicable(IndexData data) {
        return data.metric == Metric.L2 || data.params.unitNorm();
    }

    /** The bound a row's partial distance over the V vertical dimensions must not exceed, for k-th best τ. */
    float firstCut(float tau) { return tau * bound[layout.verticalDims()]; }

    /** ‖q_V‖²: the query's share of the expanded partial distance. */
    float headNorm(float[] q) {
        float s = 0f;
        for (int d = 0; d < layout.verticalDims(); d++) s = Math.fma(q[d], q[d], s);
        return s;
    }

    /** Byte offset of row j's contiguous tail in the block at {@code blockOff}. */
    long tailOffset(long blockOff, int j) {
        return blockOff + layout.tailInBlock(j);
    }

    /** The row's squared distance from its head partial on through its tail at {@code tailOff}, or +∞ once a check fails. */
    float finish(float[] q, long tailOff, float partial, float tau) {
        int dPad = data.paddedDim, v = layout.verticalDims(), tail = layout.horizontalDims();
        if (fused) return kernels.l2Pruned(q, v, data.pdx, tailOff, tail, step, partial, tau, bound);
        int d = v; // a step the fused kernel cannot check at: one kernel call per step
        while (d < dPad) {
            int len = Math.min(step, dPad - d);
            partial += kernels.l2(q, d, data.pdx, tailOff + 4L * (d - v), len);
            d += len;
            if (partial > tau * bound[d]) return Float.POSITIVE_INFINITY;
        }
        return partial;
    }

    /**
     * A tile of queries scanning the PDX store: each query rotated, ‖q_V‖², its heap (squared L2 keys),
     * the rows already in the heap that the scan must skip, and scratch for one block run.
     */
    final class Tile {
        final float[][] q;
        final float[] headNorm;
        final TopK[] best;
        /** Per query, rows offered before the scan (sorted), so it does not offer them twice. */
        final long[][] seeded;
        /** The queries taking part in the next run: members[i] = q[memberIds[i]]. */
        final float[][] members;
        final int[] memberIds;
        /** One run's kernel output: dots[i·width + j] for member i, and the rows' ‖x_V‖². */
        final float[] dots;
        final float[] norms;
        private final int[] survivors;

        Tile(float[][] queries, int count, int k) {
            this(rotated(queries, count), count, k, new long[count][0]);
        }

        /** A one-query tile sharing {@code base}'s rotated query and seeded rows, with an empty heap of k. */
        private Tile(Tile base, int k) {
            this(base.q, 1, k, base.seeded.clone());
        }

        private Tile(float[][] rotated, int count, int k, long[][] seeded) {
            int b = layout.block();
            this.q = rotated;
            this.seeded = seeded;
            headNorm = new float[count];
            best = new TopK[count];
            members = new float[count][];
            memberIds = new int[count];
            for (int t = 0; t < count; t++) {
                headNorm[t] = headNorm(q[t]);
                best[t] = new TopK(k);
                members[t] = q[t];
                memberIds[t] = t;
            }
            dots = new float[count * b];
            norms = new float[b];
            survivors = new int[count * b];
        }
    }

    /** The first {@code count} queries rotated. */
    private float[][] rotated(float[][] queries, int count) {
        float[][] q = new float[count][data.paddedDim];
        for (int t = 0; t < count; t++) kernels.rotate(data.rotation, queries[t], q[t]);
        return q;
    }

    Tile tile(float[][] queries, int count, int k) {
        return new Tile(queries, count, k);
    }

    /**
     * For a split single-query search: {@code parts} one-query tiles that share {@code base}'s rotated
     * query and seeded rows, each heap starting as {@code base}'s (which is left empty), each with its own
     * scratch, so each can scan its share of the store on its own thread.
     */
    Tile[] split(Tile base, int parts) {
        TopK from = base.best[0];
        float[] keys = new float[from.size()];
        long[] rows = new long[keys.length];
        from.drainSorted(keys, rows);
        Tile[] out = new Tile[parts];
        for (int p = 0; p < parts; p++) {
            out[p] = new Tile(base, from.capacity());
            for (int i = 0; i < keys.length; i++) out[p].best[0].offer(keys[i], rows[i]);
        }
        return out;
    }

    /**
     * Scans rows [j0, j1) of PDX block {@code blk} for the tile's first {@code m} members: one
     * {@link Kernels#pdxDotTile} over rows [a0, a0 + width) (a0 ≤ j0, j1 ≤ a0 + width: callers may widen
     * the run to whole vector registers), the first test for every (query, row), the survivors' tails
     * touched together, then each survivor finished and offered to its query's heap.
     */
    void scanRun(Tile tile, int m, long blk, int j0, int j1, int a0, int width) {
        int v = layout.verticalDims();
        long blockOff = blk * layout.blockBytes();
        kernels.pdxDotTile(tile.members, m, data.pdx, blockOff + 4L * a0, layout.block(), width, v, tile.dots, tile.norms);
        int[] survivors = tile.survivors;
        int s = 0;
        for (int i = 0; i < m; i++) {
            int t = tile.memberIds[i];
            s = kernels.survivors(tile.dots, i * width + (j0 - a0), tile.norms, j0 - a0, j1 - j0, tile.headNorm[t], firstCut(tile.best[t].threshold()), survivors, s);
        }
        touchTails(survivors, s, width, a0, blockOff);
        for (int x = 0; x < s; x++) {
            int i = survivors[x] / width, jj = survivors[x] % width, t = tile.memberIds[i];
            TopK top = tile.best[t];
            float partial = tile.headNorm[t] + tile.norms[jj] - 2f * tile.dots[survivors[x]];
            if (partial > firstCut(top.threshold())) continue; // τ tightened since the first test
            float full = finish(tile.q[t], tailOffset(blockOff, a0 + jj), partial, top.threshold());
            long row = blk * layout.block() + a0 + jj;
            if (full <= top.threshold() && Arrays.binarySearch(tile.seeded[t], row) < 0) top.offer(full, row);
        }
    }

    /** Sink for {@link #touchTails}' loads, so the JIT keeps them. */
    @SuppressWarnings("unused")
    private volatile float touched;

    /**
     * Loads the first cache lines of the tails of rows {@code rowOf(survivors[i])} in the block at
     * {@code blockOff}: independent loads issued back to back, so their cache and TLB misses overlap
     * instead of each row's scoring waiting on its own (a software prefetch: Java has no prefetch
     * instruction). Measured on debian-minilm's exact tier: 2,509 → 3,354 QPS.
     */
    private void touchTails(int[] survivors, int m, int rowsPerEntry, int rowBase, long blockOff) {
        int tail = layout.horizontalDims();
        if (tail == 0) return;
        float sink = 0f;
        int last = -1;
        for (int i = 0; i < m; i++) {
            int j = rowBase + survivors[i] % rowsPerEntry;
            if (j == last) continue;
            last = j;
            long off = tailOffset(blockOff, j);
            sink += data.pdx.get(F32, off) + data.pdx.get(F32, off + 4L * Math.min(tail - 1, 16)) + data.pdx.get(F32, off + 4L * Math.min(tail - 1, 32));
        }
        touched = sink;
    }
}
