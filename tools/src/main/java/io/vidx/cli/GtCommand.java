package io.vidx.cli;

import io.vidx.format.Metric;
import io.vidx.indexer.input.VectorFile;
import io.vidx.indexer.input.VectorFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `vidx gt`: exact ground truth. */
@Command(name = "gt", mixinStandardHelpOptions = true,
        description = "Compute the exact top-k neighbours of each query by brute force and write them as .ivecs (0-based base rows, nearest first).")
public final class GtCommand implements Callable<Integer> {
    @Option(names = "--base", required = true, description = "Base vectors (.fvecs/.bvecs/.ivecs/.npy, optionally .zst).")
    Path base;
    @Option(names = "--queries", required = true, description = "Query vectors.")
    Path queries;
    @Option(names = "--k", defaultValue = "100", description = "Neighbours per query (default: ${DEFAULT-VALUE}).")
    int k;
    @Option(names = "--metric", defaultValue = "l2", description = "l2 or ip (default: ${DEFAULT-VALUE}).")
    String metric;
    @Option(names = "--threads", description = "Worker threads (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();
    @Option(names = "--out", required = true, description = "Output .ivecs file.")
    Path out;
    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (k < 1) throw new IllegalArgumentException("--k must be at least 1");
        VectorFile b = VectorFiles.open(base);
        float[][] q = VectorFiles.readAll(VectorFiles.open(queries));
        long t = System.nanoTime();
        int[][] gt = GroundTruth.compute(b, q, k, Metric.parse(metric), threads, new ConsoleProgress(quiet));
        VectorFiles.writeIvecs(out, gt);
        System.out.printf("wrote %s: top-%d of %d queries over %d vectors (%s) in %.1f s%n", out, gt.length == 0 ? 0 : gt[0].length,
                q.length, b.count(), metric, (System.nanoTime() - t) / 1e9);
        return 0;
    }
}
