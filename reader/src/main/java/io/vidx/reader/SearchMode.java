package io.vidx.reader;

/** How a query is answered. */
public enum SearchMode {
    /** Route to nprobe cells, Hamming-scan their 1-bit codes, exact-rerank a shortlist of {@code rerank}. */
    FUNNEL,
    /**
     * The 3-tier funnel: the 1-bit scan keeps a wider shortlist, PQ4 fast-scan estimates (u8 tables, byte
     * shuffles) narrow it to {@code rerank}, and those get exact distances.
     */
    FUNNEL3,
    /**
     * The exact tier: every vector, through the PDX store with ADSampling early termination (a vector
     * is dropped once its partial distance over the first d rotated dimensions cannot beat the current
     * k-th best with high probability). Recall ≈ 1; used for L2 indexes and for IP indexes of unit vectors.
     */
    EXACT,
    /**
     * IVF over the PDX store: exact distances (ADSampling-pruned where the metric allows) to every vector
     * of the nprobe nearest cells. Built for batches: a batch is grouped by cell, so each probed cell is
     * read once and scored against all the queries that probe it as a small matrix product. Recall is the
     * cells' recall; the dial is nprobe.
     */
    IVF,
    /** Brute force: the full distance to every vector, no pruning. Recall 1 by construction. */
    BRUTE
}
