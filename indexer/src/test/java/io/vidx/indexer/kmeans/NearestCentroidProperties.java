package io.vidx.indexer.kmeans;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The vectorized nearest-centroid kernels equal their scalar twins. Coordinates are small integers, so
 * every dot product is exact in float whatever the summation order, and the kernels must agree bit for
 * bit, ties (frequent with so few values) included.
 */
class NearestCentroidProperties {

    private static float[] integers(Random rnd, int count, int range) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) v[i] = rnd.nextInt(2 * range + 1) - range;
        return v;
    }

    @Property(tries = 300)
    void nearestEqualsItsScalarTwin(@ForAll @IntRange(min = 1, max = 70) int dim, @ForAll @IntRange(min = 1, max = 40) int k,
                                    @ForAll @IntRange(min = 1, max = 9) int points, @ForAll @IntRange(min = 1, max = 40) int mWanted,
                                    @ForAll @IntRange(min = 1, max = 4) int range, @ForAll long seed) {
        Random rnd = new Random(seed);
        int m = Math.min(mWanted, k);
        float[] centroids = integers(rnd, k * dim, range);
        float[] x = integers(rnd, (points + 2) * dim, range);
        float[] norms = NearestCentroid.norms(centroids, k, dim);
        int from = 1, to = 1 + points; // a range that does not start at point 0
        int[] labels = new int[points * m], labelsScalar = new int[points * m];
        float[] keys = new float[points * m], keysScalar = new float[points * m];
        NearestCentroid.nearest(x, from, to, dim, centroids, norms, k, m, labels, keys);
        NearestCentroid.nearestScalar(x, from, to, dim, centroids, norms, k, m, labelsScalar, keysScalar);
        assertThat(labels).containsExactly(labelsScalar);
        assertThat(keys).containsExactly(keysScalar);
        // And the twin is right: the m smallest keys in ascending order, equal keys by centroid index.
        for (int i = 0; i < points; i++) {
            Integer[] order = new Integer[k];
            float[] all = new float[k];
            for (int c = 0; c < k; c++) {
                order[c] = c;
                float s = 0;
                for (int d = 0; d < dim; d++) s += x[(from + i) * dim + d] * centroids[c * dim + d];
                all[c] = norms[c] - 2 * s;
            }
            java.util.Arrays.sort(order, (a, b) -> all[a] != all[b] ? Float.compare(all[a], all[b]) : Integer.compare(a, b));
            for (int j = 0; j < m; j++) assertThat(labelsScalar[i * m + j]).as("point %d rank %d", i, j).isEqualTo(order[j]);
        }
        // assign is the m = 1 case.
        int[] one = new int[points];
        float[] partial = new float[points];
        NearestCentroid.assign(x, from, to, dim, centroids, norms, k, one, partial);
        for (int i = 0; i < points; i++) assertThat(one[i]).isEqualTo(labels[i * m]);
    }
}
