package io.vidx.indexer.kmeans;

/**
 * Chooses each vector's second cell the way SOAR does (Sun et al., "SOAR: improved indexing for
 * approximate nearest neighbor search", NeurIPS 2023): among the cells nearest the vector after its own,
 * the one minimizing ‖r'‖² + λ·⟨r', r⟩²/‖r‖², where r = x − c is the residual to the vector's own centroid
 * and r' = x − c' the residual to the candidate. The second term steers the spill towards a centroid whose
 * residual is orthogonal to the first, so that a query that misses the vector through its own cell (its
 * direction from c is far from r) tends to find it through the second.
 *
 * <p>Measured on debian-minilm (nlist 980, the builder's centroids, numpy): the share of the true top-10
 * inside the 64 probed cells rises from 0.973 to 0.994 (0.988 with the plain second-nearest cell, λ = 0);
 * candidates taken as the cells nearest the vector's centroid instead of the vector reached only 0.984,
 * since routing ranks cells by the query's key, not by centroid distance (docs/benchmarks.md, session 9).
 *
 * <p>The loss is expanded into inner products; ⟨x, c′⟩ comes from the key the assignment pass already
 * computed, so each candidate costs one dot product (⟨c′, c⟩).
 */
public final class SoarSpill {
    /** Candidate cells per vector: the nearest ones by the routing key after the vector's own. */
    public static final int CANDIDATES = 16;
    /** Weight of the orthogonality term. */
    public static final double LAMBDA = 1.0;

    private final float[] centroids;
    private final int dim;
    private final float[] normsSq;
    private final float[] keyNorms;

    /**
     * {@code keyNorms} are the per-centroid terms of the assignment's keys (key = keyNorms[c] − 2⟨x, c⟩:
     * ‖c‖² for L2, 0 for IP), so that ⟨x, c⟩ comes back from a key instead of a second dot product.
     */
    public SoarSpill(float[] centroids, int nlist, int dim, float[] keyNorms) {
        if (nlist < 2) throw new IllegalArgumentException("spilling needs at least 2 cells, got " + nlist);
        this.centroids = centroids;
        this.dim = dim;
        this.normsSq = NearestCentroid.norms(centroids, nlist, dim);
        this.keyNorms = keyNorms;
    }

    /** Cells the assignment should rank for each vector: its own and the candidates. */
    public static int ranked(int nlist) { return Math.min(nlist, CANDIDATES + 1); }

    /**
     * The spill cell of a vector whose squared norm is {@code xx}, given its {@code m} nearest cells and
     * their keys at {@code cells[at ..]} and {@code keys[at ..]} as {@link NearestCentroid#nearest} ranks
     * them: the first is its own cell, the rest are the candidates. The keys carry ⟨x, c⟩, so the vector
     * itself is not needed.
     */
    public int secondCell(double xx, int[] cells, float[] keys, int at, int m) {
        int own = cells[at];
        double xc = innerProduct(own, keys[at]);
        double rr = xx - 2 * xc + normsSq[own];
        int best = -1;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (int j = at + 1; j < at + m; j++) {
            int c = cells[j];
            if (c == own) continue; // only when keys overflowed and the ranking filled with cell 0
            double xcj = innerProduct(c, keys[j]);
            double cc = NearestCentroid.dot(centroids, c * dim, centroids, own * dim, dim);
            double r2 = xx - 2 * xcj + normsSq[c];   // ‖x − c'‖²
            double along = xx - xc - xcj + cc;         // ⟨x − c', x − c⟩
            double loss = r2 + (rr > 0 ? LAMBDA * along * along / rr : 0);
            if (best < 0 || loss < bestLoss) {
                bestLoss = loss;
                best = c;
            }
        }
        // Keys that overflowed to infinity rank nothing; any other cell keeps the file valid.
        return best >= 0 ? best : (own + 1) % normsSq.length;
    }

    /** ⟨x, c⟩ from the assignment's key for cell c. */
    private double innerProduct(int c, float key) {
        return ((double) keyNorms[c] - key) / 2;
    }
}
