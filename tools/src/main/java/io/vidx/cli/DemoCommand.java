package io.vidx.cli;

import io.vidx.format.Metric;
import io.vidx.indexer.BuildOptions;
import io.vidx.indexer.BuildReport;
import io.vidx.indexer.IndexBuilder;
import io.vidx.indexer.input.VectorFile;
import io.vidx.indexer.input.VectorFiles;
import io.vidx.reader.SearchParams;
import io.vidx.reader.VidxIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `vidx demo`: the whole pipeline on synthetic data, end to end, in under a minute. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate a synthetic dataset, compute its ground truth, build an index, search it, and print recall and QPS.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--n", defaultValue = "50000", description = "Base vectors (default: ${DEFAULT-VALUE}).")
    long n;
    @Option(names = "--dim", defaultValue = "128", description = "Dimension (default: ${DEFAULT-VALUE}).")
    int dim;
    @Option(names = "--queries", defaultValue = "500", description = "Queries (default: ${DEFAULT-VALUE}).")
    int queries;
    @Option(names = "--dir", description = "Working directory to keep the files in (default: a temporary one, deleted afterwards).")
    Path dir;
    @Option(names = "--threads", description = "Worker threads (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws Exception {
        boolean temporary = dir == null;
        Path work = temporary ? Files.createTempDirectory("vidx-demo") : Files.createDirectories(dir);
        try {
            System.out.println("== 1/4 generate " + n + " x " + dim + " synthetic vectors and " + queries + " queries in " + work);
            int rc = new CommandLine(new GenCommand()).execute("--n", "" + n, "--dim", "" + dim, "--queries", "" + queries, "--out", work.toString(),
                    "--threads", "" + threads, "--quiet");
            if (rc != 0) return rc;
            VectorFile base = VectorFiles.open(work.resolve("base.fvecs"));
            float[][] qs = VectorFiles.readAll(VectorFiles.open(work.resolve("query.fvecs")));

            System.out.println("== 2/4 exact ground truth (top-10, brute force)");
            int[][] gt = GroundTruth.compute(base, qs, 10, Metric.IP, threads, new ConsoleProgress(true));

            System.out.println("== 3/4 build the index");
            Path index = work.resolve("demo.vidx");
            BuildReport r = IndexBuilder.build(base, index, BuildOptions.defaults(Metric.IP).withThreads(threads), new ConsoleProgress(true));
            System.out.printf("   %s: %,d bytes, nlist %d, built in %.1f s%n", index.getFileName(), r.fileBytes(), r.nlist(), r.totalSeconds());

            System.out.println("== 4/4 search: recall@10 and throughput on " + threads + " thread(s)");
            try (VidxIndex idx = VidxIndex.open(index)) {
                System.out.printf("   %-30s %8s %11s %9s%n", "mode", "recall", "QPS", "p50 ms");
                for (SearchParams p : new SearchParams[] {SearchParams.funnel(10, 8, 100), SearchParams.funnel(10, 16, 200),
                        SearchParams.funnel(10, 32, 400), SearchParams.funnel3(10, 16, 400, 50), SearchParams.ivf(10, 16),
                        SearchParams.exact(10), SearchParams.brute(10)}) {
                    BenchPoint b = Bench.measure(idx, qs, gt, p, threads, VidxIndex.defaultTile(p.mode()), p.mode().name().toLowerCase());
                    String label = switch (b.mode()) {
                        case "exact" -> "exact (PDX + ADSampling)";
                        case "brute" -> "brute force (every distance)";
                        case "ivf" -> "ivf nprobe=" + b.nprobe() + " (batch by cell)";
                        case "funnel3" -> "funnel3 nprobe=" + b.nprobe() + " " + b.shortlist() + ">" + b.rerank();
                        default -> "funnel nprobe=" + b.nprobe() + " rerank=" + b.rerank();
                    };
                    System.out.printf("   %-30s %8.4f %11.1f %9.3f%n", label, b.recall(), b.qps(), b.p50ms());
                }
            }
            System.out.println("done. Next: `./vidx --help`, or build your own: ./vidx build --input base.fvecs --metric ip --out my.vidx");
            return 0;
        } finally {
            if (temporary) {
                try (Stream<Path> s = Files.walk(work)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
