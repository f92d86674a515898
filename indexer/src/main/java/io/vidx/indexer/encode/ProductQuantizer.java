package io.vidx.indexer.encode;

import static io.vidx.format.FormatConstants.PQ_CENTROIDS;

import io.vidx.indexer.Parallel;
import io.vidx.indexer.kmeans.KMeans;

/**
 * 4-bit product quantizer over rotated residuals: D' dimensions cut into M contiguous sub-vectors of
 * dsub = D'/M, each quantized to one of 16 centroids. Codebooks are stored as in PQ_CODEBOOKS:
 * [M][16][dsub] float32.
 */
public final class ProductQuantizer {
    private final int paddedDim;
    private final int m;
    private final int dsub;
    private final float[] codebooks;

    public ProductQuantizer(int paddedDim, int m, float[] codebooks) {
        this.paddedDim = paddedDim;
        this.m = m;
        this.dsub = paddedDim / m;
        if (codebooks.length != m * PQ_CENTROIDS * dsub) throw new IllegalArgumentException("codebook size mismatch");
        this.codebooks = codebooks;
    }

    /** Trains one 16-centroid k-means per subspace on n residual vectors (row-major, D' floats each). */
    public static ProductQuantizer train(float[] residuals, int n, int paddedDim, int m, int iterations, long seed, Parallel par) {
        int dsub = paddedDim / m;
        float[] books = new float[m * PQ_CENTROIDS * dsub];
        int k = Math.min(PQ_CENTROIDS, n);
        float[] sub = new float[n * dsub];
        for (int s = 0; s < m; s++) {
            for (int i = 0; i < n; i++) System.arraycopy(residuals, i * paddedDim + s * dsub, sub, i * dsub, dsub);
            float[] c = KMeans.train(sub, n, dsub, k, iterations, seed + 0x9E3779B97F4A7C15L * (s + 1), par, null);
            System.arraycopy(c, 0, books, s * PQ_CENTROIDS * dsub, k * dsub);
            // With fewer than 16 training points the unused centroids repeat the last one: never nearer, never chosen first.
            for (int j = k; j < PQ_CENTROIDS; j++) System.arraycopy(c, (k - 1) * dsub, books, (s * PQ_CENTROIDS + j) * dsub, dsub);
        }
        return new ProductQuantizer(paddedDim, m, books);
    }

    public float[] codebooks() { return codebooks; }

    public int subquantizers() { return m; }

    /** Codes (0..15) of the residual r[off..off+D') into out[outOff..outOff+M). Ties go to the lower centroid. */
    public void encode(float[] r, int off, byte[] out, int outOff) {
        for (int s = 0; s < m; s++) {
            int best = 0;
            float bestD = Float.POSITIVE_INFINITY;
            int base = s * PQ_CENTROIDS * dsub;
            for (int c = 0; c < PQ_CENTROIDS; c++) {
                float d = 0f;
                int cb = base + c * dsub, x = off + s * dsub;
                for (int j = 0; j < dsub; j++) {
                    float diff = r[x + j] - codebooks[cb + j];
                    d += diff * diff;
                }
                if (d < bestD) { bestD = d; best = c; }
            }
            out[outOff + s] = (byte) best;
        }
    }

    public int paddedDim() { return paddedDim; }
}
