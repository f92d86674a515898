package io.vidx.reader;

/**
 * The recall/speed dials of one search.
 *
 * @param mode     funnel, exact, ivf or brute
 * @param k        neighbours to return
 * @param nprobe   cells to visit (funnel, ivf); clamped to nlist
 * @param rerank   shortlist width C: candidates kept from the Hamming scan for exact rerank (funnel); at least k
 * @param payloads whether to return each neighbour's payload (when the index has them)
 */
public record SearchParams(SearchMode mode, int k, int nprobe, int rerank, boolean payloads) {
    public SearchParams {
        if (mode == null) throw new IllegalArgumentException("mode is null");
        if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
        if (nprobe < 1) throw new IllegalArgumentException("nprobe must be at least 1, got " + nprobe);
        if (rerank < k) throw new IllegalArgumentException("rerank (" + rerank + ") must be at least k (" + k + ")");
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
        return new SearchParams(mode, k, nprobe, rerank, on);
    }
}
