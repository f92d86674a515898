package io.vidx.indexer.kmeans;

import io.vidx.indexer.BuildProgress;
import io.vidx.indexer.Parallel;
import java.util.SplittableRandom;

/**
 * Lloyd's k-means under squared L2, deterministic for a given seed: k-means++ seeding on a
 * sub-sample, multi-threaded assignment ({@link NearestCentroid}), sequential centroid update in
 * double precision, and empty clusters refilled by splitting the largest one (as FAISS does).
 */
public final class KMeans {
    private KMeans() {}

    /** k-means++ seeding looks at no more than this many points per centroid. */
    static final int SEEDING_POINTS_PER_CENTROID = 4;

    /**
     * Trains k centroids on {@code n} points (row-major, dim floats each).
     *
     * @return k x dim centroids, row-major
     */
    public static float[] train(float[] points, int n, int dim, int k, int iterations, long seed, Parallel par, BuildProgress.Phase progress) {
        return train(points, n, dim, k, iterations, seed, false, par, progress);
    }

    /**
     * As above; with {@code innerProduct}, each iteration assigns a point to the centroid of largest
     * inner product (the rule an IP index routes and assigns by) instead of the nearest in L2, as
     * FAISS trains its inner-product IVF. Centroids stay plain means.
     */
    public static float[] train(float[] points, int n, int dim, int k, int iterations, long seed, boolean innerProduct, Parallel par, BuildProgress.Phase progress) {
        if (k < 1 || k > n) throw new IllegalArgumentException("k = " + k + " must be in 1.." + n);
        SplittableRandom rng = new SplittableRandom(seed);
        float[] centroids = seedPlusPlus(points, n, dim, k, rng, par);
        int[] labels = new int[n];
        float[] partial = new float[n];
        for (int it = 0; it < iterations; it++) {
            // L2: argmin ||c||^2 - 2<x,c>; IP: argmin -2<x,c> (zero norms).
            float[] norms = innerProduct ? new float[k] : NearestCentroid.norms(centroids, k, dim);
            final float[] cs = centroids;
            par.forRange(n, 256, (from, to) -> {
                int[] l = new int[to - from];
                float[] p = new float[to - from];
                NearestCentroid.assign(points, from, to, dim, cs, norms, k, l, p);
                System.arraycopy(l, 0, labels, from, to - from);
                System.arraycopy(p, 0, partial, from, to - from);
            });
            centroids = update(points, n, dim, k, labels, centroids);
            if (progress != null) progress.step(1);
        }
        return centroids;
    }

    /** New centroids as the means of their points; empty clusters split the largest. */
    static float[] update(float[] points, int n, int dim, int k, int[] labels, float[] previous) {
        double[] sums = new double[k * dim];
        long[] counts = new long[k];
        for (int i = 0; i < n; i++) {
            int c = labels[i];
            counts[c]++;
            int base = c * dim, p = i * dim;
            for (int d = 0; d < dim; d++) sums[base + d] += points[p + d];
        }
        float[] out = new float[k * dim];
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) continue;
            for (int d = 0; d < dim; d++) out[c * dim + d] = (float) (sums[c * dim + d] / counts[c]);
        }
        for (int c = 0; c < k; c++) {
            if (counts[c] != 0) continue;
            int big = 0;
            for (int j = 1; j < k; j++) if (counts[j] > counts[big]) big = j;
            // Split the largest cluster: two copies nudged apart by a symmetric relative perturbation.
            final float eps = 1f / 1024;
            for (int d = 0; d < dim; d++) {
                float v = out[big * dim + d];
                float sign = (d & 1) == 0 ? 1f : -1f;
                out[c * dim + d] = v * (1 + sign * eps);
                out[big * dim + d] = v * (1 - sign * eps);
            }
            counts[c] = counts[big] / 2;
            counts[big] -= counts[c];
        }
        return out;
    }

    /** k-means++ (D^2 sampling) on at most {@link #SEEDING_POINTS_PER_CENTROID}·k points. */
    static float[] seedPlusPlus(float[] points, int n, int dim, int k, SplittableRandom rng, Parallel par) {
        int m = (int) Math.min(n, (long) SEEDING_POINTS_PER_CENTROID * k);
        int[] pool = sampleWithoutReplacement(n, m, rng);
        float[] centroids = new float[k * dim];
        float[] nearest = new float[m];
        java.util.Arrays.fill(nearest, Float.POSITIVE_INFINITY);
        int first = pool[rng.nextInt(m)];
        System.arraycopy(points, first * dim, centroids, 0, dim);
        for (int c = 1; c <= k; c++) {
            final int prev = c - 1;
            par.forRange(m, 2048, (from, to) -> {
                for (int i = from; i < to; i++) {
                    int p = pool[i] * dim;
                    float s = 0f;
                    for (int d = 0; d < dim; d++) {
                        float diff = points[p + d] - centroids[prev * dim + d];
                        s += diff * diff;
                    }
                    if (s < nearest[i]) nearest[i] = s;
                }
            });
            if (c == k) break;
            double total = 0;
            for (float v : nearest) total += v;
            int pick;
            if (total <= 0) {
                pick = pool[rng.nextInt(m)]; // all points coincide with centroids: any point will do
            } else {
                double target = rng.nextDouble() * total, acc = 0;
                int i = 0;
                for (; i < m - 1; i++) {
                    acc += nearest[i];
                    if (acc >= target) break;
                }
                pick = pool[i];
            }
            System.arraycopy(points, pick * dim, centroids, c * dim, dim);
        }
        return centroids;
    }

    /** m distinct indices in [0, n), sorted ascending (partial Fisher-Yates). */
    public static int[] sampleWithoutReplacement(int n, int m, SplittableRandom rng) {
        if (m >= n) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        for (int i = 0; i < m; i++) {
            int j = i + rng.nextInt(n - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] out = java.util.Arrays.copyOf(perm, m);
        java.util.Arrays.sort(out);
        return out;
    }
}
