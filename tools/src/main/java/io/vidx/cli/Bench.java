package io.vidx.cli;

import io.vidx.reader.SearchParams;
import io.vidx.reader.SearchResult;
import io.vidx.reader.VidxIndex;
import java.util.Arrays;

/**
 * Measures one operating point the ANN-Benchmarks way: recall@k against ground truth; throughput of
 * the whole query set as one batch on T threads after a warm-up (from the best of several runs, and
 * from the median of their times); latency of single queries issued one at a time (p50, p99).
 */
public final class Bench {
    private Bench() {}

    /** Minimum wall time spent on throughput runs per point, and their bounds. */
    static final double MIN_SECONDS = 1.0;
    static final int MIN_RUNS = 2, MAX_RUNS = 5;
    /** Single queries run before the latency loop. */
    static final int LATENCY_WARMUP = 50;

    public static BenchPoint measure(VidxIndex index, float[][] queries, int[][] gt, SearchParams p, int threads, int tile, String modeName) {
        return measure(index, queries, gt, p, threads, tile, 1, modeName);
    }

    /** As above; {@code split} threads serve each single query of the latency loop (funnel, ivf and exact). */
    public static BenchPoint measure(VidxIndex index, float[][] queries, int[][] gt, SearchParams p, int threads, int tile, int split, String modeName) {
        // Warm-up: JIT, page cache and branch predictors see the same work the timed runs do.
        index.searchBatch(queries, p, threads, tile);
        double[] seconds = new double[MAX_RUNS];
        double spent = 0;
        int runs = 0;
        SearchResult[] results = null;
        for (; runs < MAX_RUNS && (runs < MIN_RUNS || spent < MIN_SECONDS); runs++) {
            long t = System.nanoTime();
            results = index.searchBatch(queries, p, threads, tile);
            seconds[runs] = (System.nanoTime() - t) / 1e9;
            spent += seconds[runs];
        }
        Arrays.sort(seconds, 0, runs);
        double best = seconds[0], median = median(seconds, runs);
        double recall = recall(results, gt, p.k());
        double[] lat = new double[queries.length];
        // Warm the single-query path too: the batch runs above compiled the tiled path, and without this
        // the first point of a sweep reported a p99 of 3.1-3.6 ms against 0.2-0.3 for the next ones. The
        // last queries, so that the timed loop does not start on rows this left in cache.
        for (int i = 0; i < Math.min(queries.length, LATENCY_WARMUP); i++) index.search(queries[queries.length - 1 - i], p, split);
        for (int i = 0; i < queries.length; i++) {
            long t = System.nanoTime();
            index.search(queries[i], p, split);
            lat[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(lat);
        return new BenchPoint(modeName, p.nprobe(), p.probeGap(), p.shortlist(), p.rerank(), threads, VidxIndex.tileUsed(queries.length, threads, tile), p.k(), queries.length, recall, queries.length / best,
                queries.length / median, percentile(lat, 0.50), percentile(lat, 0.99));
    }

    /** Mean over queries of |returned top-k ∩ true top-k| / k. */
    public static double recall(SearchResult[] results, int[][] gt, int k) {
        double sum = 0;
        for (int i = 0; i < results.length; i++) {
            int kk = Math.min(k, gt[i].length);
            int hit = 0;
            long[] ids = results[i].ids();
            for (int a = 0; a < Math.min(kk, ids.length); a++) {
                for (int b = 0; b < kk; b++) {
                    if (ids[a] == gt[i][b]) { hit++; break; }
                }
            }
            sum += kk == 0 ? 1 : (double) hit / kk;
        }
        return results.length == 0 ? 0 : sum / results.length;
    }

    /** The median of sorted[0, n), n ≥ 1: the middle value, or the mean of the middle two. */
    static double median(double[] sorted, int n) {
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
