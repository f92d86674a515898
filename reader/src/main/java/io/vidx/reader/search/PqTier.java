package io.vidx.reader.search;

import static io.vidx.format.FormatConstants.F32;
import static io.vidx.format.FormatConstants.PQ_CENTROIDS;

import io.vidx.format.Metric;
import io.vidx.format.SectionKind;
import io.vidx.reader.kernel.Kernels;
import java.lang.foreign.MemorySegment;

/**
 * The 3-tier funnel's middle tier: PQ4 distance estimates for the 1-bit tier's shortlist, by fast-scan
 * of the PQ blocks that hold its candidates.
 *
 * <p>PQ codes approximate the rotated residual r_x = R(x − c) (format §8.7), so
 * <ul>
 *   <li>IP: ⟨q, x⟩ = ⟨q, c⟩ + ⟨Rq, r_x⟩ ≈ ⟨q, c⟩ + Σ_m ⟨(Rq)_m, C_m[code_m]⟩: one table per query, for
 *       every cell (⟨q, c⟩ is the router's key);</li>
 *   <li>L2: ‖q − x‖² = ‖r_q − r_x‖² ≈ Σ_m ‖(r_q)_m − C_m[code_m]‖² with r_q = Rq − Rc: one table per
 *       cell that holds a candidate.</li>
 * </ul>
 * Tables are quantized to u8 as FAISS does: entry = round((t − min_m) / Δ), Δ = max_m(max_m − min_m) / 255,
 * so the estimate is Σ_m min_m + Δ · (the kernel's integer sum).
 */
final class PqTier {
    private final IndexData data;
    private final Kernels kernels;
    private final MemorySegment pqCodes;
    private final float[] codebooks;
    private final int m;
    private final int dsub;
    private final int blockBytes;

    PqTier(IndexData data, Kernels kernels) {
        this.data = data;
        this.kernels = kernels;
        this.pqCodes = data.file.section(SectionKind.PQ_CODES);
        this.m = data.params.pqM();
        this.dsub = data.params.pqDsub();
        this.blockBytes = data.params.pqBlockBytes();
        MemorySegment books = data.file.section(SectionKind.PQ_CODEBOOKS);
        this.codebooks = new float[m * PQ_CENTROIDS * dsub];
        MemorySegment.copy(books, F32, 0, codebooks, 0, codebooks.length);
        this.scratch = ThreadLocal.withInitial(() -> new Table(m));
    }

    /**
     * A quantized table: the u8 entries, Σ_m min_m and Δ, with the float scratch it is built from. One
     * per thread, rebuilt in place: a refine needs one table at a time (IP: one per query; L2: one per
     * cell, and candidates come cell by cell), and a new one per query or cell allocated about 21 KB each.
     */
    private static final class Table {
        final byte[] entries;
        final float[] floats;
        final float[] min;
        float base;
        float delta;

        Table(int m) {
            entries = new byte[m * PQ_CENTROIDS];
            floats = new float[m * PQ_CENTROIDS];
            min = new float[m];
        }
    }

    private final ThreadLocal<Table> scratch;

    /**
     * Offers every row of {@code candidates} (the 1-bit tier's shortlist) to {@code out} under its PQ4
     * estimate (a ranking key: squared L2, or minus the inner product). probe / cellKeys are the
     * router's cells and keys.
     */
    void refine(float[] rotated, long[] candidates, int count, int[] probe, float[] cellKeys, TopK out) {
        boolean l2 = data.metric == Metric.L2;
        long[] rows = java.util.Arrays.copyOf(candidates, count);
        java.util.Arrays.sort(rows); // cell order, and each block's candidates together
        Table table = scratch.get();
        if (!l2) fill(table, rotated, -1);
        int[] sums = new int[32];
        int cell = -1;
        float cellBase = 0f;
        long scanned = -1;
        long previous = -1;
        for (long row : rows) {
            if (row == previous) continue; // shortlisted through both its cells: estimated once
            previous = row;
            if (cell < 0 || row >= data.cells.rowEnd(cell)) {
                cell = cellOf(row, cell + 1);
                if (l2) {
                    fill(table, rotated, cell);
                    cellBase = 0f;
                } else {
                    cellBase = innerProductWithCentroid(rotated, cell, probe, cellKeys);
                }
                scanned = -1;
            }
            long k = row - data.cells.rowStart(cell);
            long block = data.cells.pqBlockStart(cell) + k / 32;
            if (block != scanned) {
                kernels.fastScan(pqCodes, block * blockBytes, m, table.entries, sums);
                scanned = block;
            }
            float estimate = table.base + table.delta * sums[(int) (k % 32)];
            float key = l2 ? estimate : -(cellBase + estimate);
            if (key <= out.threshold()) out.offer(key, row);
        }
    }

    /** Fills {@code table} for the rotated query (IP: cell −1) or for its residual to {@code cell}'s centroid (L2). */
    private void fill(Table table, float[] rotated, int cell) {
        float[] t = table.floats;
        long cOff = cell < 0 ? 0 : 4L * data.paddedDim * cell;
        for (int g = 0; g < m; g++) {
            for (int c = 0; c < PQ_CENTROIDS; c++) {
                int cb = (g * PQ_CENTROIDS + c) * dsub;
                float v = 0f;
                for (int j = 0; j < dsub; j++) {
                    int d = g * dsub + j;
                    if (cell < 0) {
                        v = Math.fma(rotated[d], codebooks[cb + j], v);
                    } else {
                        float diff = rotated[d] - data.centroidsRotated.get(F32, cOff + 4L * d) - codebooks[cb + j];
                        v = Math.fma(diff, diff, v);
                    }
                }
                t[g * PQ_CENTROIDS + c] = v;
            }
        }
        float base = 0f, range = 0f;
        float[] min = table.min;
        for (int g = 0; g < m; g++) {
            float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < PQ_CENTROIDS; c++) {
                lo = Math.min(lo, t[g * PQ_CENTROIDS + c]);
                hi = Math.max(hi, t[g * PQ_CENTROIDS + c]);
            }
            min[g] = lo;
            base += lo;
            range = Math.max(range, hi - lo);
        }
        float delta = range > 0 ? range / 255f : 1f;
        byte[] q8 = table.entries;
        for (int g = 0; g < m; g++) {
            for (int c = 0; c < PQ_CENTROIDS; c++) q8[g * PQ_CENTROIDS + c] = (byte) Math.min(255, Math.round((t[g * PQ_CENTROIDS + c] - min[g]) / delta));
        }
        table.base = base;
        table.delta = delta;
    }

    /** The cell holding {@code row}: the last c ≥ from with rowStart(c) ≤ row (binary search over the directory). */
    private int cellOf(long row, int from) {
        int lo = from, hi = data.params.nlist() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (data.cells.rowStart(mid) <= row) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /**
     * ⟨q, c⟩ for a candidate's own cell: the router's key when the cell was probed, else (a spilled
     * vector, shortlisted through its second cell) ⟨Rq, Rc⟩ from the rotated centroid, equal up to rounding.
     */
    private float innerProductWithCentroid(float[] rotated, int cell, int[] probe, float[] cellKeys) {
        for (int i = 0; i < probe.length; i++) if (probe[i] == cell) return -cellKeys[i];
        return kernels.dot(rotated, 0, data.centroidsRotated, 4L * data.paddedDim * cell, data.paddedDim);
    }
}
