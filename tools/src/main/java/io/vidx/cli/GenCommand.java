package io.vidx.cli;

import io.vidx.indexer.BuildProgress;
import io.vidx.indexer.input.FvecsWriter;
import io.vidx.indexer.input.VectorFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `vidx gen`: synthetic embedding-like data. */
@Command(name = "gen", mixinStandardHelpOptions = true,
        description = "Generate synthetic embedding-like vectors (clustered, anisotropic spectrum, unit length): DIR/base.fvecs and DIR/query.fvecs.")
public final class GenCommand implements Callable<Integer> {
    @Option(names = "--n", defaultValue = "100000", description = "Base vectors (default: ${DEFAULT-VALUE}).")
    long n;
    @Option(names = "--dim", defaultValue = "128", description = "Dimension (default: ${DEFAULT-VALUE}).")
    int dim;
    @Option(names = "--queries", defaultValue = "1000", description = "Query vectors (default: ${DEFAULT-VALUE}).")
    int queries;
    @Option(names = "--clusters", defaultValue = "0", description = "Cluster centres; 0 = about sqrt(n).")
    int clusters;
    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--threads", description = "Worker threads (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();
    @Option(names = "--out", required = true, description = "Output directory.")
    Path out;
    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (n < 1) throw new IllegalArgumentException("--n must be at least 1");
        if (queries < 0) throw new IllegalArgumentException("--queries must not be negative");
        if (dim < 1 || dim > 65536) throw new IllegalArgumentException("--dim must be in 1..65536");
        java.nio.file.Files.createDirectories(out);
        SyntheticData data = new SyntheticData(dim, clusters > 0 ? clusters : SyntheticData.defaultClusters(n), seed);
        ConsoleProgress progress = new ConsoleProgress(quiet);
        write(data, 0, n, out.resolve("base.fvecs"), progress);
        if (queries > 0) write(data, 1, queries, out.resolve("query.fvecs"), progress);
        System.out.printf("wrote %s (%d x %d) and %s (%d x %d)%n", out.resolve("base.fvecs"), n, dim, out.resolve("query.fvecs"), queries, dim);
        return 0;
    }

    private void write(SyntheticData data, int stream, long count, Path file, BuildProgress progress) throws Exception {
        int chunk = 4096;
        float[][] buf = new float[chunk][dim];
        try (io.vidx.indexer.Parallel par = new io.vidx.indexer.Parallel(threads);
             FvecsWriter w = VectorFiles.fvecsWriter(file, dim);
             BuildProgress.Phase p = progress.phase("generate " + file.getFileName(), count)) {
            boolean ok = false;
            try {
                for (long base = 0; base < count; base += chunk) {
                    int got = (int) Math.min(chunk, count - base);
                    final long b = base;
                    par.forRange(got, 256, (from, to) -> {
                        for (int i = from; i < to; i++) data.vector(stream, b + i, buf[i]);
                    });
                    for (int i = 0; i < got; i++) w.write(buf[i]);
                    p.step(got);
                }
                ok = true;
            } finally {
                if (!ok) w.abort();
            }
        }
    }
}
