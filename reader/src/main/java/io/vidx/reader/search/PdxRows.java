package io.vidx.reader.search;

import static io.vidx.format.FormatConstants.F32;

import io.vidx.format.Metric;
import io.vidx.format.PdxLayout;
import io.vidx.reader.kernel.Kernels;
import java.lang.foreign.MemorySegment;

/**
 * Exact ranking key of the rotated query against one row of the PDX store: the strided vertical
 * prefix (V floats, one per dimension-major run), then the contiguous tail through the kernel.
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

    /** Smaller is nearer: squared L2, or the negated inner product. */
    float key(float[] q, long row) {
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

    /** Drains {@code from} and offers its rows to {@code to} (cleared first) under their exact keys. */
    void rescore(float[] q, TopK from, TopK to) {
        int m = from.size();
        float[] keys = new float[m];
        long[] rows = new long[m];
        from.drainSorted(keys, rows);
        to.clear();
        for (int i = 0; i < m; i++) to.offer(key(q, rows[i]), rows[i]);
    }
}
