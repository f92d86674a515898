package io.vidx.peers;

import io.vidx.indexer.input.VectorCursor;
import io.vidx.indexer.input.VectorFile;
import io.vidx.indexer.input.VectorFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Lucene's HNSW measured the way {@code vidx bench} measures vidx, so that the two can run one after
 * the other on the same machine: one segment (M 16, beam width 100 unless told otherwise), a
 * {@link KnnFloatVectorQuery} per query asking for K candidates, recall@10 of its best 10 against the
 * ground truth, batch QPS with the queries split evenly over the threads (best and median of the timed
 * passes), and single-query p50 / p99 latency on one thread. Before any timing, batch passes over every
 * K run for the warm-up time: with one warm-up pass per K instead, the K measured second ran at half
 * the speed it reached once the JIT had settled (measured: K 20 at 8,813 QPS measured second, 13,852-16,318 once warmed).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar lucene-peer.jar DATASET_DIR INDEX_DIR
 *      [--threads 2] [--k 10,20,40,80,160] [--runs 5] [--warmup-seconds 30] [--m 16] [--beam 100] [--csv OUT.csv]
 *      (--help describes each)
 * </pre>
 *
 * DATASET_DIR holds base.fvecs, query.fvecs and groundtruth.ivecs, each optionally .zst. INDEX_DIR is
 * built on first use and reused after (delete it to rebuild). Vectors are indexed with the dot-product
 * similarity, which needs unit-length vectors (debian-minilm's are).
 */
@Command(name = "lucene-peer", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Lucene's HNSW measured the way vidx bench measures vidx: recall@10, batch QPS (best and median of the timed passes) and single-query p50 / p99, per K.")
public final class LuceneHnswBench implements Callable<Integer> {
    private static final String FIELD = "v";

    @Parameters(index = "0", paramLabel = "DATASET_DIR", description = "Holds base.fvecs, query.fvecs and groundtruth.ivecs, each optionally .zst.")
    Path dataset;

    @Parameters(index = "1", paramLabel = "INDEX_DIR", description = "Lucene index: built on first use, reused after (delete it to rebuild).")
    Path indexDir;

    @Option(names = "--threads", defaultValue = "2", description = "Threads the batch passes split the queries over (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--k", split = ",", defaultValue = "10,20,40,80,160", description = "Candidates asked of HNSW per query, a comma list; recall@10 is of its best 10 (default: ${DEFAULT-VALUE}).")
    int[] ks;

    @Option(names = "--runs", defaultValue = "5", description = "Timed batch passes per K: best and median reported (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup-seconds", defaultValue = "30", description = "Batch passes over every K before any timing (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--m", description = "HNSW max connections per node when building (default: Lucene's, 16).")
    int m = Lucene99HnswVectorsFormat.DEFAULT_MAX_CONN;

    @Option(names = "--beam", description = "HNSW beam width when building (default: Lucene's, 100).")
    int beam = Lucene99HnswVectorsFormat.DEFAULT_BEAM_WIDTH;

    @Option(names = "--csv", paramLabel = "OUT.csv", description = "Also write the results as CSV (method, K, threads, recall, best_qps, median_qps, p50_ms, p99_ms).")
    Path csv;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LuceneHnswBench()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            // A dataset folder missing a file, an index of more than one segment: say which.
            if (!(e instanceof IllegalArgumentException || e instanceof IllegalStateException || e instanceof IOException)) throw e;
            cmd.getErr().println("lucene-peer: " + e.getMessage());
            return e instanceof IOException ? 1 : 2;
        }).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        atLeast("--threads", threads, 1);
        atLeast("--runs", runs, 1);
        atLeast("--warmup-seconds", warmupSeconds, 0);
        atLeast("--m", m, 1);
        atLeast("--beam", beam, 1);
        for (int k : ks) atLeast("--k", k, 1);
        float[][] queries = VectorFiles.readAll(VectorFiles.open(pick(dataset, "query.fvecs")));
        int[][] truth = VectorFiles.readIvecs(pick(dataset, "groundtruth.ivecs"));
        if (truth.length < queries.length) throw new IllegalArgumentException("ground truth has " + truth.length + " rows for " + queries.length + " queries");
        for (int q = 0; q < queries.length; q++) {
            if (truth[q].length < 10) throw new IllegalArgumentException("ground truth row " + q + " has " + truth[q].length + " ids; recall@10 needs 10");
        }

        // An index built earlier is reused only if it was built with the M and beam asked for: the
        // results are labelled with them.
        Path built = indexDir.resolve("vidx-peer-params.txt");
        String wanted = "m=" + m + " beam=" + beam;
        boolean exists;
        try (Directory dir = new MMapDirectory(indexDir)) {
            exists = DirectoryReader.indexExists(dir);
        }
        if (!exists) {
            build(pick(dataset, "base.fvecs"), indexDir, m, beam);
            Files.writeString(built, wanted + "\n");
        } else if (!Files.exists(built) || !Files.readString(built).trim().equals(wanted)) {
            throw new IllegalStateException(indexDir + ": built with " + (Files.exists(built) ? Files.readString(built).trim() : "unrecorded parameters")
                    + ", asked for " + wanted + "; delete it to rebuild");
        }
        try (Directory dir = new MMapDirectory(indexDir); DirectoryReader reader = DirectoryReader.open(dir)) {
            // Doc ids are the base's row numbers only in a single segment written in input order.
            if (reader.leaves().size() != 1) throw new IllegalStateException(indexDir + ": expected one segment, found " + reader.leaves().size() + "; delete it to rebuild");
            IndexSearcher searcher = new IndexSearcher(reader);
            searcher.setQueryCache(null); // the timed passes repeat the same queries: nothing may be served from a cache
            PrintStream out = System.out;
            out.printf(Locale.ROOT, "lucene %s HNSW M %d beam %d: %,d vectors, %,d queries, %d threads, %s%n",
                    org.apache.lucene.util.Version.LATEST, m, beam, reader.maxDoc(), queries.length, threads, Runtime.version());
            out.printf(Locale.ROOT, "%6s %9s %12s %12s %9s %9s%n", "K", "recall", "best QPS", "median QPS", "p50 ms", "p99 ms");
            List<String> rows = new ArrayList<>();
            rows.add("method,K,threads,recall,best_qps,median_qps,p50_ms,p99_ms");
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                int[][] found = new int[queries.length][];
                long warmEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
                int warmPasses = 0;
                do {
                    for (int k : ks) batch(searcher, queries, k, found, pool, threads);
                    warmPasses++;
                } while (System.nanoTime() < warmEnd);
                out.printf(Locale.ROOT, "(warm-up: %d passes over every K)%n", warmPasses);
                for (int k : ks) {
                    double[] qps = new double[runs];
                    for (int r = 0; r < runs; r++) {
                        long t0 = System.nanoTime();
                        batch(searcher, queries, k, found, pool, threads);
                        qps[r] = queries.length / ((System.nanoTime() - t0) / 1e9);
                    }
                    Arrays.sort(qps);
                    double recall = recallAt10(found, truth);
                    double[] lat = latencies(searcher, queries, k);
                    out.printf(Locale.ROOT, "%6d %9.4f %12.1f %12.1f %9.3f %9.3f%n", k, recall, qps[runs - 1], qps[runs / 2], lat[0], lat[1]);
                    rows.add(String.format(Locale.ROOT, "lucene-hnsw-m%d,%d,%d,%.4f,%.1f,%.1f,%.3f,%.3f", m, k, threads, recall, qps[runs - 1], qps[runs / 2], lat[0], lat[1]));
                }
            } finally {
                pool.shutdown();
            }
            if (csv != null) Files.write(csv, rows);
        }
        return 0;
    }

    private void atLeast(String option, int value, int min) {
        if (value < min) throw new ParameterException(spec.commandLine(), option + " must be at least " + min + ", got " + value);
    }

    /** One segment, written in input order, with no merges (so doc id = row). */
    private static void build(Path base, Path indexDir, int m, int beam) throws IOException {
        VectorFile file = VectorFiles.open(base);
        KnnVectorsFormat hnsw = new Lucene99HnswVectorsFormat(m, beam);
        Codec codec = new Lucene104Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return hnsw;
            }
        };
        // A RAM buffer larger than the whole set keeps it in one flushed segment, up to Lucene's per-thread
        // limit (about 1.9 GB buffered); a larger set gets several segments, which search refuses below.
        IndexWriterConfig config = new IndexWriterConfig().setCodec(codec).setMergePolicy(NoMergePolicy.INSTANCE)
                .setRAMBufferSizeMB(Math.max(256, 3.0 * file.count() * file.dim() * 4 / (1 << 20)));
        long t0 = System.nanoTime();
        System.out.printf(Locale.ROOT, "building %s: %,d x %d ...%n", indexDir, file.count(), file.dim());
        try (Directory dir = new MMapDirectory(indexDir); IndexWriter writer = new IndexWriter(dir, config); VectorCursor cursor = file.open()) {
            float[] v = new float[file.dim()];
            while (cursor.next(v)) {
                Document doc = new Document();
                doc.add(new KnnFloatVectorField(FIELD, v.clone(), VectorSimilarityFunction.DOT_PRODUCT));
                writer.addDocument(doc);
            }
            writer.commit();
        }
        long bytes;
        try (var files = Files.list(indexDir)) {
            bytes = files.mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.printf(Locale.ROOT, "built in %.1f s, %,d bytes%n", (System.nanoTime() - t0) / 1e9, bytes);
    }

    /** All queries, split into one contiguous slice per thread; each query's top 10 doc ids into found. */
    private static void batch(IndexSearcher searcher, float[][] queries, int k, int[][] found, ExecutorService pool, int threads) throws Exception {
        List<Future<?>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int from = queries.length * t / threads, to = queries.length * (t + 1) / threads;
            parts.add(pool.submit(() -> {
                for (int q = from; q < to; q++) found[q] = top10(searcher, queries[q], k);
                return null;
            }));
        }
        for (Future<?> part : parts) part.get();
    }

    private static int[] top10(IndexSearcher searcher, float[] query, int k) throws IOException {
        ScoreDoc[] hits = searcher.search(new KnnFloatVectorQuery(FIELD, query, k), k).scoreDocs;
        int[] ids = new int[Math.min(10, hits.length)];
        for (int i = 0; i < ids.length; i++) ids[i] = hits[i].doc;
        return ids;
    }

    /** p50 and p99 in ms of one query at a time on the calling thread (after the batch passes warmed it). */
    private static double[] latencies(IndexSearcher searcher, float[][] queries, int k) throws IOException {
        double[] ms = new double[queries.length];
        for (int q = 0; q < queries.length; q++) {
            long t0 = System.nanoTime();
            top10(searcher, queries[q], k);
            ms[q] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {percentile(ms, 0.50), percentile(ms, 0.99)};
    }

    /** The value at rank ceil(q·n) of the sorted times, as `vidx bench` takes it. */
    private static double percentile(double[] sorted, double q) {
        return sorted[(int) Math.max(0, Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1))];
    }

    private static double recallAt10(int[][] found, int[][] truth) {
        long hit = 0;
        for (int q = 0; q < found.length; q++) {
            int[] gt = Arrays.copyOf(truth[q], 10); // rows hold at least 10 (checked at load)
            for (int id : found[q]) for (int g : gt) if (id == g) { hit++; break; }
        }
        return hit / (10.0 * found.length);
    }

    private static Path pick(Path dataset, String name) {
        for (Path p : List.of(dataset.resolve(name), dataset.resolve(name + ".zst"))) if (Files.exists(p)) return p;
        throw new IllegalArgumentException(dataset + ": no " + name + " or " + name + ".zst");
    }
}
