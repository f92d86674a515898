package io.vidx.reader;

import io.vidx.reader.search.ProbeRule;

/**
 * The recall/speed dials of one search.
 *
 * @param mode     funnel, exact, ivf or brute
 * @param k        neighbours to return
 * @param nprobe   cells to visit (funnel, ivf); clamped to nlist
 * @param rerank   candidates given to the exact rerank (funnel: kept from the Hamming scan; funnel3: from the PQ4 tier); at least k
 * @param payloads whether to return each neighbour's payload (when the index has them)
 * @param shortlist funnel3: candidates the 1-bit tier keeps for the PQ4 tier, which keeps {@code rerank}
 *                  for the exact one; at least rerank. Other modes: equal to rerank.
 * @param probeGap  funnel, funnel3, ivf: skip those of the nprobe nearest cells whose centroid is more
 *                  than this farther than the nearest one's (inner product for ip, distance for l2);
 *                  +∞ (the default) keeps all nprobe. See {@link ProbeRule}.
 */
public record SearchParams(SearchMode mode, int k, int nprobe, int rerank, boolean payloads, int shortlist, float probeGap) {
    public SearchParams {
        if (!(probeGap >= 0)) throw new IllegalArgumentException("probe gap must be at least 0, got " + probeGap);
        if (shortlist < rerank) throw new IllegalArgumentException("shortlist (" + shortlist + ") must be at least rerank (" + rerank + ")");
        if (mode == null) throw new IllegalArgumentException("mode is null");
        if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
        if (nprobe < 1) throw new IllegalArgumentException("nprobe must be at least 1, got " + nprobe);
        if (rerank < k) throw new IllegalArgumentException("rerank (" + rerank + ") must be at least k (" + k + ")");
    }

    public SearchParams(SearchMode mode, int k, int nprobe, int rerank, boolean payloads, int shortlist) {
        this(mode, k, nprobe, rerank, payloads, shortlist, Float.POSITIVE_INFINITY);
    }

    public SearchParams(SearchMode mode, int k, int nprobe, int rerank, boolean payloads) {
        this(mode, k, nprobe, rerank, payloads, rerank);
    }

    /** The cells a query visits (funnel, funnel3, ivf). */
    public ProbeRule probeRule() {
        return new ProbeRule(nprobe, probeGap);
    }

    /** The 3-tier funnel: 1-bit estimates keep {@code shortlist}, PQ4 fast-scan keeps {@code rerank}, exact keeps k. */
    public static SearchParams funnel3(int k, int nprobe, int shortlist, int rerank) {
        return new SearchParams(SearchMode.FUNNEL3, k, nprobe, rerank, false, shortlist);
    }

    public static SearchParams funnel(int k, int nprobe, int rerank) {
        return new SearchParams(SearchMode.FUNNEL, k, nprobe, rerank, false);
    }

    public static SearchParams exact(int k) {
        return new SearchParams(SearchMode.EXACT, k, 1, k, false);
    }

    public static SearchParams ivf(int k, int nprobe) {
        return new SearchParams(SearchMode.IVF, k, nprobe, k, false);
    }

    public static SearchParams brute(int k) {
        return new SearchParams(SearchMode.BRUTE, k, 1, k, false);
    }

    public SearchParams withPayloads(boolean on) {
        return new SearchParams(mode, k, nprobe, rerank, on, shortlist, probeGap);
    }

    public SearchParams withProbeGap(float gap) {
        return new SearchParams(mode, k, nprobe, rerank, payloads, shortlist, gap);
    }
}
