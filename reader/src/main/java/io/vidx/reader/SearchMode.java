package io.vidx.reader;

/** How a query is answered. */
public enum SearchMode {
    /** Route to nprobe cells, Hamming-scan their 1-bit codes, exact-rerank a shortlist of {@code rerank}. */
    FUNNEL,
    /** Exact distance to every vector in the PDX store: recall 1 by construction. */
    EXACT
}
