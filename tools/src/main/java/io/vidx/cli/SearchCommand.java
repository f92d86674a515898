package io.vidx.cli;

import io.vidx.indexer.input.VectorCursor;
import io.vidx.indexer.input.VectorFile;
import io.vidx.indexer.input.VectorFiles;
import io.vidx.reader.SearchMode;
import io.vidx.reader.SearchParams;
import io.vidx.reader.SearchResult;
import io.vidx.reader.VidxIndex;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `vidx search`: one query. */
@Command(name = "search", mixinStandardHelpOptions = true, description = "Search an index with one query; print ids, scores and payloads.")
public final class SearchCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Index file.")
    Path index;

    @ArgGroup(exclusive = true, multiplicity = "1")
    QuerySource source;

    static final class QuerySource {
        @ArgGroup(exclusive = false)
        FromFile file;
        @Option(names = "--vector", split = ",", description = "The query as comma-separated numbers.")
        float[] vector;
    }

    static final class FromFile {
        @Option(names = "--queries", required = true, description = "File of query vectors.")
        Path queries;
        @Option(names = "--row", defaultValue = "0", description = "Row of --queries to use (0-based, default: ${DEFAULT-VALUE}).")
        long row;
    }

    @Option(names = "--k", defaultValue = "10", description = "Neighbours (default: ${DEFAULT-VALUE}).")
    int k;
    @Option(names = "--nprobe", defaultValue = "16", description = "Cells to visit (default: ${DEFAULT-VALUE}).")
    int nprobe;
    @Option(names = "--probe-gap", description = "Also skip those of the --nprobe nearest cells whose centroid is more than this farther than the nearest one's (inner product for ip indexes, distance for l2; default: none).")
    Float probeGap;
    @Option(names = "--rerank", defaultValue = "200", description = "Shortlist width for exact rerank (default: ${DEFAULT-VALUE}).")
    int rerank;
    @Option(names = "--exact", description = "Exact tier (PDX + ADSampling over every vector) instead of the funnel.")
    boolean exact;
    @Option(names = "--shortlist", description = "3-tier funnel: candidates the 1-bit tier keeps for PQ4 fast-scan, which keeps --rerank for exact distances (default: off, two tiers).")
    Integer shortlist;
    @Option(names = "--ivf", description = "IVF: exact distances to every vector of the --nprobe nearest cells.")
    boolean ivf;
    @Option(names = "--brute", description = "Brute force: the full distance to every vector.")
    boolean brute;
    @Option(names = "--no-payloads", description = "Do not print payloads.")
    boolean noPayloads;

    @Override
    public Integer call() throws Exception {
        float[] q = source.vector != null ? source.vector : readRow(source.file.queries, source.file.row);
        try (VidxIndex idx = VidxIndex.open(index)) {
            SearchMode mode = brute ? SearchMode.BRUTE : exact ? SearchMode.EXACT : ivf ? SearchMode.IVF : shortlist != null ? SearchMode.FUNNEL3 : SearchMode.FUNNEL;
            int rr = Math.max(k, rerank);
            if (shortlist != null && shortlist < rr) throw new IllegalArgumentException("--shortlist " + shortlist + " must be at least --rerank " + rr);
            SearchParams p = new SearchParams(mode, k, nprobe, rr, !noPayloads, shortlist != null ? shortlist : rr,
                    probeGap != null ? probeGap : Float.POSITIVE_INFINITY);
            long t = System.nanoTime();
            SearchResult r = idx.search(q, p);
            double ms = (System.nanoTime() - t) / 1e6;
            String scoreName = idx.params().metric() == io.vidx.format.Metric.L2 ? "l2^2" : "ip";
            System.out.printf("%-5s %-12s %-10s%s%n", "rank", "id", scoreName, r.payloads() != null ? " payload" : "");
            for (int i = 0; i < r.size(); i++) {
                String pay = r.payloads() != null ? " " + abbreviate(r.payloads()[i], 100) : "";
                System.out.printf("%-5d %-12d %-10.6f%s%n", i + 1, r.ids()[i], r.scores()[i], pay);
            }
            System.out.printf("%d results in %.2f ms (%s)%n", r.size(), ms, switch (mode) {
                case EXACT -> "exact";
                case BRUTE -> "brute";
                case IVF -> "ivf nprobe=" + nprobe;
                case FUNNEL -> "funnel nprobe=" + nprobe + " rerank=" + p.rerank();
                case FUNNEL3 -> "funnel3 nprobe=" + nprobe + " shortlist=" + p.shortlist() + " rerank=" + p.rerank();
            });
        }
        return 0;
    }

    private static float[] readRow(Path file, long row) throws Exception {
        VectorFile f = VectorFiles.open(file);
        if (row < 0 || row >= f.count()) throw new IllegalArgumentException("--row " + row + " outside 0.." + (f.count() - 1) + " of " + file);
        float[] v = new float[f.dim()];
        try (VectorCursor c = f.open()) {
            for (long i = 0; i <= row; i++) c.next(v);
        }
        return v;
    }

    static String abbreviate(String s, int max) {
        if (s == null) return "";
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
