package io.vidx.reader.search;

import io.vidx.format.Metric;
import io.vidx.format.PdxLayout;
import io.vidx.reader.kernel.Kernels;

/**
 * Brute force over the PDX store, no pruning: per block, the vertical pass for all rows at once, then
 * each row's contiguous tail in one kernel call. The same kernels as the exact tier, so that comparing
 * the two measures ADSampling, not kernel quality.
 */
public final class BruteForceSearch {
    private final IndexData data;
    private final Kernels kernels;

    public BruteForceSearch(IndexData data, Kernels kernels) {
        this.data = data;
        this.kernels = kernels;
    }

    public void search(float[] query, TopK out) {
        PdxLayout layout = data.pdxLayout;
        int v = layout.verticalDims(), b = layout.block(), tail = layout.horizontalDims();
        boolean l2 = data.metric == Metric.L2;
        float[] q = new float[data.paddedDim];
        kernels.rotate(data.rotation, query, q);
        float[] acc = new float[b];
        long n = data.params.count();
        out.clear();
        for (long blk = 0; blk < data.params.pdxBlocks(); blk++) {
            long blockOff = blk * layout.blockBytes();
            int rows = (int) Math.min(b, n - blk * b);
            java.util.Arrays.fill(acc, 0f);
            kernels.pdxVertical(l2, q, data.pdx, blockOff, b, v, acc);
            for (int j = 0; j < rows; j++) {
                long tailOff = blockOff + layout.tailInBlock(j);
                float key = l2 ? acc[j] + kernels.l2(q, v, data.pdx, tailOff, tail) : -(acc[j] + kernels.dot(q, v, data.pdx, tailOff, tail));
                if (key <= out.threshold()) out.offer(key, blk * b + j);
            }
        }
    }
}
