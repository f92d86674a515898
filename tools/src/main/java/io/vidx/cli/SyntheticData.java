package io.vidx.cli;

import java.util.SplittableRandom;

/**
 * Embedding-like synthetic vectors: unit-length points scattered around random cluster centres, with
 * an anisotropic (power-law) variance spectrum across dimensions as real embeddings have. Row i is a
 * pure function of (seed, i), so data can be generated in parallel chunks and still be reproducible.
 */
public final class SyntheticData {
    private final int dim;
    private final float[] centres;
    private final int clusters;
    private final float[] scale;
    private final long seed;
    /** Spread of points around their centre, relative to the spread of the centres. */
    private static final float WITHIN = 0.55f;

    public SyntheticData(int dim, int clusters, long seed) {
        if (dim < 1) throw new IllegalArgumentException("--dim must be at least 1");
        this.dim = dim;
        this.clusters = Math.max(1, clusters);
        this.seed = seed;
        this.scale = new float[dim];
        // Variance falls off as a power law over dimensions (a random permutation, so no axis is special).
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int[] perm = new int[dim];
        for (int i = 0; i < dim; i++) perm[i] = i;
        for (int i = dim - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i]; perm[i] = perm[j]; perm[j] = t;
        }
        for (int i = 0; i < dim; i++) scale[perm[i]] = (float) Math.pow(i + 1, -0.35);
        this.centres = new float[this.clusters * dim];
        for (int c = 0; c < this.clusters; c++) for (int d = 0; d < dim; d++) centres[c * dim + d] = (float) r.nextGaussian() * scale[d];
    }

    /** Default cluster count for n points: about sqrt(n), at least 8. */
    public static int defaultClusters(long n) {
        return (int) Math.max(8, Math.round(Math.sqrt(n)));
    }

    /** Writes vector {@code index} of stream {@code stream} (0 = base, 1 = queries) into out. */
    public void vector(int stream, long index, float[] out) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL);
        int c = r.nextInt(clusters);
        double norm = 0;
        for (int d = 0; d < dim; d++) {
            float v = centres[c * dim + d] + WITHIN * (float) r.nextGaussian() * scale[d];
            out[d] = v;
            norm += (double) v * v;
        }
        float inv = (float) (1 / Math.sqrt(Math.max(norm, 1e-30)));
        for (int d = 0; d < dim; d++) out[d] *= inv;
    }
}
