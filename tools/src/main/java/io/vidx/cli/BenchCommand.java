package io.vidx.cli;

import io.vidx.indexer.input.VectorFiles;
import io.vidx.reader.SearchMode;
import io.vidx.reader.SearchParams;
import io.vidx.reader.VidxIndex;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `vidx bench`: recall / QPS / latency sweeps. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark an index the ANN-Benchmarks way: recall@k against ground truth, batch QPS on --threads threads (best and median of 2-5 runs after a warm-up), and single-query p50/p99 latency, over sweeps of --nprobe and --rerank.",
                "The page cache is whatever it is when the command starts; run once before to measure warm."})
public final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Index file.")
    Path index;
    @Option(names = "--queries", required = true, description = "Query vectors.")
    Path queries;
    @Option(names = "--gt", required = true, description = "Ground truth .ivecs (0-based ids, nearest first).")
    Path gt;
    @Option(names = "--k", defaultValue = "10", description = "Neighbours (default: ${DEFAULT-VALUE}).")
    int k;
    @Option(names = "--nprobe", split = ",", defaultValue = "4,8,16,32", description = "Cells to visit, a comma list (default: ${DEFAULT-VALUE}).")
    int[] nprobe;
    @Option(names = "--probe-gap", split = ",", description = "funnel, funnel3, ivf: also skip those of the --nprobe nearest cells whose centroid is more than this farther than the nearest one's (inner product for ip indexes, distance for l2), a comma list (Infinity for none, to compare); each is swept with every --nprobe (default: none, all nprobe cells).")
    float[] probeGaps;
    @Option(names = "--rerank", split = ",", defaultValue = "50,100,200", description = "Candidates given exact distances (funnel, funnel3), a comma list (default: ${DEFAULT-VALUE}).")
    int[] rerank;
    @Option(names = "--shortlist", split = ",", defaultValue = "200,500", description = "funnel3: candidates the 1-bit tier passes to the PQ4 tier, a comma list (default: ${DEFAULT-VALUE}).")
    int[] shortlist;
    @Option(names = "--threads", split = ",", description = "Thread counts, a comma list (default: all cores).")
    int[] threads = {Runtime.getRuntime().availableProcessors()};
    @Option(names = "--mode", split = ",", defaultValue = "funnel", description = "Modes: funnel, funnel3 (1-bit, then PQ4 fast-scan, then exact), ivf (exact distances in the nprobe nearest cells, batch grouped by cell), exact (PDX + ADSampling over every vector), brute (every full distance) (default: ${DEFAULT-VALUE}).")
    String[] modes;
    @Option(names = "--tile", split = ",", description = "Query tile sizes for batch runs, a comma list (default: per mode, funnel, funnel3 and exact 512, ivf 256; 1 = no tiling). A tile that would leave threads idle is narrowed; the table shows the tile used.")
    int[] tiles;
    @Option(names = "--split", defaultValue = "1", description = "Threads serving each single query in the latency loop (funnel, ivf and exact; default: ${DEFAULT-VALUE}).")
    int split;
    @Option(names = "--warmup-seconds", defaultValue = "0", description = "Before timing anything, run batch passes over every point of the sweep for this long (brute force excepted), so the first points are measured as warm as the last (default: ${DEFAULT-VALUE}: each point gets only its own warm-up pass).")
    double warmupSeconds;
    @Option(names = "--max-queries", defaultValue = "0", description = "Use only the first N queries (0 = all).")
    int maxQueries;
    @Option(names = "--json", description = "Write the points as a JSON array to this file.")
    Path json;
    @Option(names = "--plot", description = "Draw recall vs QPS to this .png (or .svg).")
    Path plot;
    @Option(names = "--peer", description = "With --plot: also draw another engine's points from the CSV its benchmark wrote (FAISS's faiss_bench.py, scripts/lucene-peer.sh: columns method, recall and qps or best_qps); repeatable.")
    List<Path> peers = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        // Every option is checked before any file is read.
        if (!(warmupSeconds >= 0)) throw new IllegalArgumentException("--warmup-seconds must be at least 0, got " + warmupSeconds);
        if (split < 1) throw new IllegalArgumentException("--split must be at least 1, got " + split);
        if (maxQueries < 0) throw new IllegalArgumentException("--max-queries must be at least 0 (0 = all), got " + maxQueries);
        if (!peers.isEmpty() && plot == null) throw new IllegalArgumentException("--peer draws on the plot: give --plot too");
        float[] gaps = probeGaps != null ? probeGaps : new float[] {Float.POSITIVE_INFINITY};
        for (float gap : gaps) if (!(gap >= 0)) throw new IllegalArgumentException("--probe-gap must be at least 0, got " + gap);
        List<Planned> plan = plan(gaps);
        List<PeerPoint> peerPoints = new ArrayList<>();
        for (Path peer : peers) peerPoints.addAll(PeerPoint.read(peer)); // before the sweep: a bad file fails fast
        float[][] qs = VectorFiles.readAll(VectorFiles.open(queries));
        int[][] truth = VectorFiles.readIvecs(gt);
        if (maxQueries > 0 && maxQueries < qs.length) qs = Arrays.copyOf(qs, maxQueries);
        if (truth.length < qs.length) throw new IllegalArgumentException(gt + " has " + truth.length + " rows but there are " + qs.length + " queries");
        if (truth.length > 0 && truth[0].length < k) throw new IllegalArgumentException(gt + " holds " + truth[0].length + " neighbours per query, fewer than --k " + k);
        List<BenchPoint> points = new ArrayList<>();
        try (VidxIndex idx = VidxIndex.open(index)) {
            System.out.printf("%s: %,d vectors x %d, nlist %d; %d queries, k=%d%n", index, idx.size(), idx.dim(), idx.params().nlist(), qs.length, k);
            System.out.printf("%-7s %7s %6s %8s %5s %7s %9s %11s %11s %9s %9s%n", "mode", "nprobe", "gap", "rerank", "tile", "threads", "recall", "QPS", "median QPS", "p50 ms", "p99 ms");
            if (warmupSeconds > 0) warmUp(idx, qs, plan);
            for (Planned pt : plan) points.add(print(Bench.measure(idx, qs, truth, pt.params(), pt.threads(), pt.tile(), pt.split(), pt.name())));
        }
        if (json != null) {
            List<Object> maps = new ArrayList<>();
            for (BenchPoint p : points) maps.add(p.toMap());
            Files.writeString(json, Json.write(maps) + "\n", StandardCharsets.UTF_8);
            System.out.println("wrote " + json);
        }
        if (plot != null) {
            RecallQpsPlot.write(points, peerPoints, "vidx: " + index.getFileName() + " (k=" + k + ")", plot);
            System.out.println("wrote " + plot);
        }
        return 0;
    }

    /** One operating point to measure: the split applies to funnel, ivf and exact latency only. */
    private record Planned(String name, SearchParams params, int threads, int tile, int split) {}

    /** Every point of the sweep, in the order they are measured and printed. */
    private List<Planned> plan(float[] gaps) {
        List<Planned> plan = new ArrayList<>();
        for (int t : threads) {
            if (t < 1) throw new IllegalArgumentException("--threads must be at least 1");
            for (String m : modes) {
                String name = m.trim().toLowerCase();
                SearchMode mode = switch (name) {
                    case "funnel" -> SearchMode.FUNNEL;
                    case "funnel3" -> SearchMode.FUNNEL3;
                    case "ivf" -> SearchMode.IVF;
                    case "exact" -> SearchMode.EXACT;
                    case "brute" -> SearchMode.BRUTE;
                    default -> throw new IllegalArgumentException("unknown --mode '" + m + "' (expected funnel, funnel3, ivf, exact or brute)");
                };
                // brute force is the plain baseline: never tiled
                int[] modeTiles = mode == SearchMode.BRUTE ? new int[] {1} : tiles != null ? tiles : new int[] {VidxIndex.defaultTile(mode)};
                for (int tile : modeTiles) {
                    if (tile < 1) throw new IllegalArgumentException("--tile must be at least 1");
                    switch (mode) {
                        case EXACT -> plan.add(new Planned(name, SearchParams.exact(k), t, tile, split));
                        case BRUTE -> plan.add(new Planned(name, SearchParams.brute(k), t, tile, 1));
                        case IVF -> {
                            for (int np : nprobe) for (float gap : gaps) plan.add(new Planned(name, SearchParams.ivf(k, np).withProbeGap(gap), t, tile, split));
                        }
                        case FUNNEL3 -> {
                            for (int np : nprobe) for (float gap : gaps) for (int sl : shortlist) for (int rr : rerank) {
                                if (rr >= k && sl >= rr) plan.add(new Planned(name, SearchParams.funnel3(k, np, sl, rr).withProbeGap(gap), t, tile, 1));
                            }
                        }
                        case FUNNEL -> {
                            for (int np : nprobe) for (float gap : gaps) for (int rr : rerank) {
                                if (rr >= k) plan.add(new Planned(name, SearchParams.funnel(k, np, rr).withProbeGap(gap), t, tile, split));
                            }
                        }
                    }
                }
            }
        }
        return plan;
    }

    /**
     * Batch passes over every point of the plan (brute force left out: its passes are slow and it shares
     * no code path worth warming) until the warm-up time is spent, so that the first points measured
     * run on code the JIT has settled, as the last ones do.
     */
    private void warmUp(VidxIndex idx, float[][] qs, List<Planned> plan) {
        long start = System.nanoTime(), end = start + (long) (warmupSeconds * 1e9);
        int passes = 0;
        do {
            for (Planned pt : plan) if (pt.params().mode() != SearchMode.BRUTE) idx.searchBatch(qs, pt.params(), pt.threads(), pt.tile());
            passes++;
        } while (System.nanoTime() < end);
        // The time spent, not the time asked for: one pass over a long sweep can outlast the request.
        System.out.printf("(warm-up: %d passes over the sweep in %.1f s)%n", passes, (System.nanoTime() - start) / 1e9);
    }

    private static BenchPoint print(BenchPoint p) {
        System.out.printf("%-7s %7s %6s %8s %5d %7d %9.4f %11.1f %11.1f %9.3f %9.3f%n", p.mode(), p.mode().startsWith("funnel") || p.mode().equals("ivf") ? String.valueOf(p.nprobe()) : "-",
                p.hasGap() ? String.valueOf(p.probeGap()) : "-",
                p.mode().equals("funnel3") ? p.shortlist() + ">" + p.rerank() : p.mode().equals("funnel") ? String.valueOf(p.rerank()) : "-", p.tile(), p.threads(), p.recall(), p.qps(), p.medianQps(), p.p50ms(), p.p99ms());
        return p;
    }
}
