package io.vidx.tests;

import io.vidx.cli.SyntheticData;
import io.vidx.format.Metric;
import io.vidx.indexer.BuildOptions;
import io.vidx.indexer.BuildProgress;
import io.vidx.indexer.IndexBuilder;
import io.vidx.indexer.input.VectorFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A small synthetic dataset and an index built from it, in a test's temporary directory. */
final class TestIndex {
    final Path dir;
    final float[][] base;
    final float[][] queries;
    final Path baseFile;
    final Path index;
    final BuildOptions options;
    final List<String> payloads;

    private TestIndex(Path dir, float[][] base, float[][] queries, Path baseFile, Path index, BuildOptions options, List<String> payloads) {
        this.dir = dir;
        this.base = base;
        this.queries = queries;
        this.baseFile = baseFile;
        this.index = index;
        this.options = options;
        this.payloads = payloads;
    }

    static float[][] vectors(int n, int dim, int stream, long seed) {
        SyntheticData gen = new SyntheticData(dim, Math.max(2, n / 50), seed);
        float[][] out = new float[n][dim];
        for (int i = 0; i < n; i++) gen.vector(stream, i, out[i]);
        return out;
    }

    static TestIndex build(Path dir, int n, int dim, Metric metric, boolean withPayloads) throws IOException {
        float[][] base = vectors(n, dim, 0, 7);
        float[][] queries = vectors(20, dim, 1, 7);
        Path baseFile = dir.resolve("base.fvecs");
        VectorFiles.writeFvecs(baseFile, base);
        List<String> payloads = null;
        BuildOptions o = BuildOptions.defaults(metric).withThreads(2).withNlist(Math.max(1, n / 40));
        if (withPayloads) {
            payloads = new ArrayList<>();
            for (int i = 0; i < n; i++) payloads.add("vector " + i + (i % 3 == 0 ? " ünïcode ✓" : "") + (i % 7 == 0 ? "" : " text"));
            Path p = dir.resolve("payloads.txt");
            Files.write(p, payloads, StandardCharsets.UTF_8);
            o = o.withPayloads(p);
        }
        Path index = dir.resolve("test.vidx");
        IndexBuilder.build(VectorFiles.open(baseFile), index, o, BuildProgress.SILENT);
        return new TestIndex(dir, base, queries, baseFile, index, o, payloads);
    }

    /** Brute-force reference: the k nearest rows (by the metric), nearest first, ties by row. */
    static long[] bruteForce(float[][] base, float[] q, int k, Metric metric) {
        Integer[] idx = new Integer[base.length];
        double[] key = new double[base.length];
        for (int i = 0; i < base.length; i++) {
            idx[i] = i;
            double s = 0;
            for (int d = 0; d < q.length; d++) s += metric == Metric.L2 ? (q[d] - base[i][d]) * (double) (q[d] - base[i][d]) : -(double) q[d] * base[i][d];
            key[i] = s;
        }
        java.util.Arrays.sort(idx, (a, b) -> key[a] != key[b] ? Double.compare(key[a], key[b]) : Integer.compare(a, b));
        long[] out = new long[Math.min(k, base.length)];
        for (int i = 0; i < out.length; i++) out[i] = idx[i];
        return out;
    }

    static double score(float[] a, float[] b, Metric metric) {
        double s = 0;
        for (int d = 0; d < a.length; d++) s += metric == Metric.L2 ? (a[d] - b[d]) * (double) (a[d] - b[d]) : (double) a[d] * b[d];
        return s;
    }
}
