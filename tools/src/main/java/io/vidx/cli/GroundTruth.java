package io.vidx.cli;

import io.vidx.format.Metric;
import io.vidx.indexer.BuildProgress;
import io.vidx.indexer.Parallel;
import io.vidx.indexer.input.VectorCursor;
import io.vidx.indexer.input.VectorFile;
import io.vidx.indexer.kmeans.NearestCentroid;
import io.vidx.reader.search.TopK;

/**
 * Exact top-k by brute force: the base streams once in chunks; each chunk is compared with every
 * query (queries split across threads), so memory is the queries plus one chunk. Ties go to the lower row.
 */
public final class GroundTruth {
    private GroundTruth() {}

    public static int[][] compute(VectorFile base, float[][] queries, int k, Metric metric, int threads, BuildProgress progress) throws Exception {
        int dim = base.dim();
        for (float[] q : queries) if (q.length != dim) throw new IllegalArgumentException("queries have dimension " + q.length + ", the base has " + dim);
        int kk = (int) Math.min(k, base.count());
        TopK[] tops = new TopK[queries.length];
        for (int i = 0; i < tops.length; i++) tops[i] = new TopK(kk);
        float[] qNorm = new float[queries.length];
        for (int i = 0; i < queries.length; i++) qNorm[i] = NearestCentroid.dot(queries[i], 0, queries[i], 0, dim);
        int chunk = 8192;
        float[] buf = new float[chunk * dim];
        float[] norms = new float[chunk];
        try (Parallel par = new Parallel(threads); VectorCursor cur = base.open();
             BuildProgress.Phase p = progress.phase("ground truth (" + queries.length + " queries, k=" + kk + ")", base.count())) {
            long row0 = 0;
            for (int got; (got = cur.next(buf, chunk)) > 0; row0 += got) {
                final int g = got;
                final long r0 = row0;
                for (int j = 0; j < g; j++) norms[j] = NearestCentroid.dot(buf, j * dim, buf, j * dim, dim);
                par.forRange(queries.length, 4, (from, to) -> {
                    for (int qi = from; qi < to; qi++) {
                        float[] q = queries[qi];
                        TopK top = tops[qi];
                        for (int j = 0; j < g; j++) {
                            float dot = NearestCentroid.dot(q, 0, buf, j * dim, dim);
                            float key = metric == Metric.L2 ? qNorm[qi] + norms[j] - 2 * dot : -dot;
                            if (key <= top.threshold()) top.offer(key, r0 + j);
                        }
                    }
                });
                p.step(got);
            }
        }
        int[][] out = new int[queries.length][];
        float[] keys = new float[kk];
        long[] rows = new long[kk];
        for (int i = 0; i < queries.length; i++) {
            int n = tops[i].drainSorted(keys, rows);
            out[i] = new int[n];
            for (int j = 0; j < n; j++) out[i][j] = (int) rows[j];
        }
        return out;
    }
}
