package io.vidx.cli;

import io.vidx.format.Metric;
import io.vidx.indexer.BuildOptions;
import io.vidx.indexer.BuildReport;
import io.vidx.indexer.IndexBuilder;
import io.vidx.indexer.input.VectorFile;
import io.vidx.indexer.input.VectorFiles;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `vidx build`: the offline indexer. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Build an index file from vectors (.fvecs/.bvecs/.ivecs/.npy, optionally .zst). Same input, options and seed give a byte-identical file.")
public final class BuildCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, description = "Input vectors.")
    Path input;
    @Option(names = "--out", required = true, description = "Output index file (written atomically).")
    Path out;
    @Option(names = "--metric", defaultValue = "l2", description = "l2 or ip (ip = angular on unit vectors) (default: ${DEFAULT-VALUE}).")
    String metric;
    @Option(names = "--nlist", defaultValue = "0", description = "IVF cells; 0 = about 4*sqrt(N).")
    int nlist;
    @Option(names = "--pq-m", defaultValue = "0", description = "PQ subquantizers (4 bits each, even, dividing the padded dimension); 0 = padded dim / 2.")
    int pqM;
    @Option(names = "--seed", defaultValue = "42", description = "Seed for sampling, k-means, PQ and rotation (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--kmeans-iters", defaultValue = "10", description = "k-means iterations (default: ${DEFAULT-VALUE}).")
    int iterations;
    @Option(names = "--train-sample", defaultValue = "0", description = "Vectors k-means trains on; 0 = min(N, 32*nlist).")
    int trainSample;
    @Option(names = "--pdx-block", defaultValue = "64", description = "Vectors per PDX block (default: ${DEFAULT-VALUE}).")
    int pdxBlock;
    @Option(names = "--pdx-vertical", defaultValue = "-1", description = "Dimension-major prefix of each PDX block; -1 = 96 (or D' if smaller).")
    int pdxVertical;
    @Option(names = "--ads-eps0", defaultValue = "1.5", description = "ADSampling epsilon0 for the exact tier: larger prunes less, misses less (default: ${DEFAULT-VALUE}).")
    float adsEps0;
    @Option(names = "--ads-step", defaultValue = "32", description = "ADSampling: dimensions between pruning tests (default: ${DEFAULT-VALUE}).")
    int adsStep;
    @Option(names = "--payload", description = "Text file, one line per input vector (e.g. the text it embeds); stored zstd-compressed and returned with results.")
    Path payload;
    @Option(names = "--ids", description = "Text file of 64-bit ids, one per line per input vector; returned instead of row numbers.")
    Path ids;
    @Option(names = "--spill", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "File each vector in a second cell too (SOAR spilling: +codes and factors per vector, fewer cells to probe for the same recall); --no-spill writes a file without the spill sections (default: ${DEFAULT-VALUE}).")
    boolean spill;

    @Option(names = "--pdx-whole-rows", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Store each PDX row whole: its first V dims again beside its tail (format 1.2; +V/D' of the vector store, about 19%% at the default V), so the funnel's rerank reads one contiguous row instead of V strided cache lines; --no-pdx-whole-rows writes the smaller store (default: ${DEFAULT-VALUE}).")
    boolean pdxWholeRows;
    @Option(names = "--threads", description = "Worker threads (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();
    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        VectorFile in = VectorFiles.open(input);
        BuildOptions o = BuildOptions.defaults(Metric.parse(metric)).withNlist(nlist).withSeed(seed).withThreads(threads)
                .withPq(pqM).withKmeans(iterations, trainSample).withPdx(pdxBlock, pdxVertical).withAdSampling(adsEps0, adsStep).withPayloads(payload).withIds(ids).withSpill(spill).withPdxWholeRows(pdxWholeRows);
        BuildReport r = IndexBuilder.build(in, out, o, new ConsoleProgress(quiet));
        System.out.printf("built %s: %d vectors x %d dims, nlist %d, PQ %d x 4 bit, %,d bytes, build id %s%n",
                r.output(), r.count(), r.dim(), r.nlist(), r.pqM(), r.fileBytes(), r.buildId());
        StringBuilder sb = new StringBuilder("time:");
        for (Map.Entry<String, Double> e : r.phaseSeconds().entrySet()) sb.append(String.format(" %s %.1fs", e.getKey(), e.getValue()));
        System.out.println(sb.append(String.format(" (total %.1fs)", r.totalSeconds())));
        return 0;
    }
}
