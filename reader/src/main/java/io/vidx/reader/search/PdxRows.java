package io.vidx.reader.search;

import static io.vidx.format.FormatConstants.F32;

import io.vidx.format.Metric;
import io.vidx.format.PdxLayout;
import io.vidx.reader.kernel.Kernels;
import java.lang.foreign.MemorySegment;

/**
 * Exact ranking key of the rotated query against one row of the PDX store: the whole row through the
 * kernel when the file stores whole rows, else the strided vertical prefix (V floats, one per
 * dimension-major run), then the contiguous tail.
 */
final class PdxRows {
    private final MemorySegment pdx;
    private final PdxLayout layout;
    private final Kernels kernels;
    private final boolean l2;

    PdxRows(IndexData data, Kernels kernels) {
        this(data, kernels, data.metric == Metric.L2);
    }

    /** With {@code l2} true, keys are squared L2 whatever the index's metric. */
    PdxRows(IndexData data, Kernels kernels, boolean l2) {
        this.pdx = data.pdx;
        this.layout = data.pdxLayout;
        this.kernels = kernels;
        this.l2 = l2;
    }

    /**
     * Smaller is nearer: squared L2, or the negated inner product. With whole rows (format 1.2) one
     * contiguous read of D' floats; else the V strided floats, then the tail.
     */
    float key(float[] q, long row) {
        if (layout.wholeRows()) {
            long at = layout.wholeRowOffset(row);
            return l2 ? kernels.l2(q, 0, pdx, at, layout.paddedDim()) : -kernels.dot(q, 0, pdx, at, layout.paddedDim());
        }
        int v = layout.verticalDims();
        long base = layout.blockOffset(row) + 4L * (row % layout.block());
        long stride = 4L * layout.block();
        float head = 0f;
        if (l2) {
            for (int d = 0; d < v; d++) {
                float diff = q[d] - pdx.get(F32, base + d * stride);
                head = Math.fma(diff, diff, head);
            }
            return head + kernels.l2(q, v, pdx, layout.horizontalOffset(row), layout.horizontalDims());
        }
        for (int d = 0; d < v; d++) head = Math.fma(q[d], pdx.get(F32, base + d * stride), head);
        return -(head + kernels.dot(q, v, pdx, layout.horizontalOffset(row), layout.horizontalDims()));
    }

    /**
     * Exact keys for {@code count} queries' candidate rows at once: query t's {@code candidates[t]} are
     * offered to {@code to[t]} (cleared first). The (query, row) pairs are visited in row order, so the
     * batch's queries that share a row read it once while it is cached; without whole rows, also the
     * strided vertical prefix (one cache line per dimension, shared by the block's neighbouring rows),
     * which scored query by query pulls V lines per candidate from memory. Keys are those of
     * {@link #key}, and {@link TopK} ignores offer order, so results equal per-query rescoring. A row
     * listed twice for one query is keyed once.
     */
    void rescoreAll(float[][] q, long[][] candidates, int count, TopK[] to) {
        if (count > 1 << QUERY_BITS) throw new IllegalArgumentException("at most " + (1 << QUERY_BITS) + " queries per call, got " + count);
        int total = 0;
        for (int t = 0; t < count; t++) total += candidates[t].length;
        // (row, query) packed into one long so one primitive sort (a radix sort over the bits in use) orders the pairs by row.
        long[] pairs = new long[total];
        int n = 0;
        long maxRow = 0;
        for (int t = 0; t < count; t++) {
            for (long row : candidates[t]) {
                pairs[n++] = row << QUERY_BITS | t;
                maxRow = Math.max(maxRow, row);
            }
            to[t].clear();
        }
        RadixSort.sort(pairs, n, QUERY_BITS + RadixSort.bitsFor(maxRow));
        long previous = -1;
        for (long pair : pairs) {
            if (pair == previous) continue; // a row shortlisted twice (through both its cells) is keyed once
            previous = pair;
            long row = pair >>> QUERY_BITS;
            int t = (int) (pair & QUERY_MASK);
            to[t].offer(key(q[t], row), row);
        }
    }

    /** Per query t &lt; count, the rows {@code from[t]} holds (each is left empty). */
    static long[][] drainRows(TopK[] from, int count) {
        long[][] rows = new long[count][];
        for (int t = 0; t < count; t++) rows[t] = drainRows(from[t]);
        return rows;
    }

    /** The rows {@code from} holds (it is left empty). */
    static long[] drainRows(TopK from) {
        long[] rows = new long[from.size()];
        from.drainSorted(new float[rows.length], rows);
        return rows;
    }

    /** The distinct rows that the one-query tiles' heaps hold, ascending (the heaps are left empty). */
    static long[] distinctRows(RowPruning.Tile[] parts) {
        long[][] each = new long[parts.length][];
        int total = 0;
        for (int p = 0; p < parts.length; p++) total += (each[p] = drainRows(parts[p].best[0])).length;
        long[] rows = new long[total];
        int m = 0;
        for (long[] part : each) for (long row : part) rows[m++] = row;
        return distinct(rows);
    }

    /** {@code rows} sorted ascending, each once (sorts the array it is given). */
    static long[] distinct(long[] rows) {
        java.util.Arrays.sort(rows);
        int unique = 0;
        for (int i = 0; i < rows.length; i++) if (unique == 0 || rows[i] != rows[unique - 1]) rows[unique++] = rows[i];
        return java.util.Arrays.copyOf(rows, unique);
    }

    /** Queries per {@link #rescoreAll} call are at most 2^QUERY_BITS; rows (below 2^47) fill the rest. */
    static final int QUERY_BITS = 16;
    private static final long QUERY_MASK = (1L << QUERY_BITS) - 1;
}
