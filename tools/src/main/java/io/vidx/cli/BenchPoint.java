package io.vidx.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured operating point of `vidx bench`: {@code qps} from the best batch run, {@code medianQps}
 * from the median of the runs' times (the mean of the middle two for an even count). On a shared machine
 * the two can differ by a third: the median shows how steady the best was.
 */
public record BenchPoint(String mode, int nprobe, float probeGap, int shortlist, int rerank, int threads, int tile, int k, int queries,
                         double recall, double qps, double medianQps, double p50ms, double p99ms) {
    /** Whether the point used a probe gap ({@link io.vidx.reader.search.ProbeRule}); +∞ is none. */
    boolean hasGap() { return probeGap != Float.POSITIVE_INFINITY; }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", mode);
        m.put("nprobe", nprobe);
        if (hasGap()) m.put("probe_gap", Double.parseDouble(Float.toString(probeGap)));
        if (mode.equals("funnel3")) m.put("shortlist", shortlist);
        m.put("rerank", rerank);
        m.put("threads", threads);
        m.put("tile", tile);
        m.put("k", k);
        m.put("queries", queries);
        m.put("recall", Math.round(recall * 1e5) / 1e5);
        m.put("qps", Math.round(qps * 10) / 10.0);
        m.put("median_qps", Math.round(medianQps * 10) / 10.0);
        m.put("p50_ms", Math.round(p50ms * 1e4) / 1e4);
        m.put("p99_ms", Math.round(p99ms * 1e4) / 1e4);
        return m;
    }
}
