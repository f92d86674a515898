package io.vidx.indexer.kmeans;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Nearest centroid by squared L2 for a block of points: the inner loop of k-means and of the final
 * assignment pass, i.e. nearly all of build time. Computes ||c||^2 - 2 x·c (the ||x||^2 term does not
 * change the argmin) with the Vector API, two points against four centroids per pass so that each
 * loaded vector feeds several FMAs ({@link #nearest}, and {@link #assign} for the nearest one);
 * {@link #nearestScalar} is its plain twin.
 * Ties go to the lower centroid index.
 */
public final class NearestCentroid {
    private NearestCentroid() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** ||c||^2 for each of the k centroids (row-major k x dim). */
    public static float[] norms(float[] centroids, int k, int dim) {
        float[] out = new float[k];
        for (int c = 0; c < k; c++) {
            double s = 0;
            for (int d = 0; d < dim; d++) {
                float v = centroids[c * dim + d];
                s += v * v;
            }
            out[c] = (float) s;
        }
        return out;
    }

    /**
     * For points [from, to) of {@code points} (row-major, dim floats each) writes the nearest centroid's
     * index into labels[i - from] and ||c||^2 - 2 x·c into partial[i - from] (add ||x||^2 for the distance).
     */
    public static void assign(float[] points, int from, int to, int dim, float[] centroids, float[] norms, int k,
                              int[] labels, float[] partial) {
        nearest(points, from, to, dim, centroids, norms, k, 1, labels, partial);
    }

    /**
     * For points [from, to): the m nearest centroids (m ≤ k), nearest first, ties to the lower index, at
     * labels[(i - from)·m ..] with their keys ||c||^2 - 2 x·c at keys[(i - from)·m ..].
     */
    public static void nearest(float[] points, int from, int to, int dim, float[] centroids, float[] norms, int k, int m,
                               int[] labels, float[] keys) {
        int i = from;
        for (; i + 1 < to; i += 2) {
            int xa = i * dim, xb = xa + dim;
            int oa = (i - from) * m, ob = oa + m;
            java.util.Arrays.fill(keys, oa, ob + m, Float.POSITIVE_INFINITY);
            java.util.Arrays.fill(labels, oa, ob + m, 0);
            int c = 0;
            for (; c + 3 < k; c += 4) {
                float[] d = dots2x4(points, xa, xb, centroids, c * dim, dim);
                for (int j = 0; j < 4; j++) {
                    float da = norms[c + j] - 2f * d[j];
                    float db = norms[c + j] - 2f * d[4 + j];
                    if (da < keys[ob - 1]) insert(labels, keys, oa, m, c + j, da);
                    if (db < keys[ob + m - 1]) insert(labels, keys, ob, m, c + j, db);
                }
            }
            for (; c < k; c++) {
                float da = norms[c] - 2f * dot(points, xa, centroids, c * dim, dim);
                float db = norms[c] - 2f * dot(points, xb, centroids, c * dim, dim);
                if (da < keys[ob - 1]) insert(labels, keys, oa, m, c, da);
                if (db < keys[ob + m - 1]) insert(labels, keys, ob, m, c, db);
            }
        }
        for (; i < to; i++) {
            int o = (i - from) * m;
            java.util.Arrays.fill(keys, o, o + m, Float.POSITIVE_INFINITY);
            java.util.Arrays.fill(labels, o, o + m, 0);
            for (int c = 0; c < k; c++) {
                float dd = norms[c] - 2f * dot(points, i * dim, centroids, c * dim, dim);
                if (dd < keys[o + m - 1]) insert(labels, keys, o, m, c, dd);
            }
        }
    }

    /**
     * Puts (label, key) into the sorted run [o, o + m), dropping its last entry; the caller has checked
     * key &lt; the last key. It goes after every entry whose key is not larger, so among equal keys the
     * centroid seen first (the lower index) stays ahead.
     */
    private static void insert(int[] labels, float[] keys, int o, int m, int label, float key) {
        int j = o + m - 1;
        while (j > o && keys[j - 1] > key) {
            keys[j] = keys[j - 1];
            labels[j] = labels[j - 1];
            j--;
        }
        keys[j] = key;
        labels[j] = label;
    }

    /** The scalar twin of {@link #nearest}: same contract, one multiply-add at a time. */
    public static void nearestScalar(float[] points, int from, int to, int dim, float[] centroids, float[] norms, int k, int m,
                                     int[] labels, float[] keys) {
        for (int i = from; i < to; i++) {
            int o = (i - from) * m;
            java.util.Arrays.fill(keys, o, o + m, Float.POSITIVE_INFINITY);
            java.util.Arrays.fill(labels, o, o + m, 0);
            for (int c = 0; c < k; c++) {
                float s = 0f;
                for (int d = 0; d < dim; d++) s += points[i * dim + d] * centroids[c * dim + d];
                float dd = norms[c] - 2f * s;
                if (dd < keys[o + m - 1]) insert(labels, keys, o, m, c, dd);
            }
        }
    }

    /** Dot product of a[ao..ao+n) and b[bo..bo+n). */
    public static float dot(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector acc = FloatVector.zero(S);
        int L = S.length(), d = 0;
        for (; d + L <= n; d += L) acc = FloatVector.fromArray(S, a, ao + d).fma(FloatVector.fromArray(S, b, bo + d), acc);
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; d < n; d++) s += a[ao + d] * b[bo + d];
        return s;
    }

    /** Eight dot products: points a and b against the four consecutive centroids starting at c0. */
    private static float[] dots2x4(float[] p, int a, int b, float[] cs, int c0, int n) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        int L = S.length(), d = 0;
        int c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
        for (; d + L <= n; d += L) {
            FloatVector x = FloatVector.fromArray(S, p, a + d);
            FloatVector y = FloatVector.fromArray(S, p, b + d);
            FloatVector v0 = FloatVector.fromArray(S, cs, c0 + d);
            FloatVector v1 = FloatVector.fromArray(S, cs, c1 + d);
            FloatVector v2 = FloatVector.fromArray(S, cs, c2 + d);
            FloatVector v3 = FloatVector.fromArray(S, cs, c3 + d);
            a0 = x.fma(v0, a0); a1 = x.fma(v1, a1); a2 = x.fma(v2, a2); a3 = x.fma(v3, a3);
            b0 = y.fma(v0, b0); b1 = y.fma(v1, b1); b2 = y.fma(v2, b2); b3 = y.fma(v3, b3);
        }
        float[] r = {a0.reduceLanes(VectorOperators.ADD), a1.reduceLanes(VectorOperators.ADD), a2.reduceLanes(VectorOperators.ADD), a3.reduceLanes(VectorOperators.ADD),
                b0.reduceLanes(VectorOperators.ADD), b1.reduceLanes(VectorOperators.ADD), b2.reduceLanes(VectorOperators.ADD), b3.reduceLanes(VectorOperators.ADD)};
        for (; d < n; d++) {
            float x = p[a + d], y = p[b + d];
            r[0] += x * cs[c0 + d]; r[1] += x * cs[c1 + d]; r[2] += x * cs[c2 + d]; r[3] += x * cs[c3 + d];
            r[4] += y * cs[c0 + d]; r[5] += y * cs[c1 + d]; r[6] += y * cs[c2 + d]; r[7] += y * cs[c3 + d];
        }
        return r;
    }
}
