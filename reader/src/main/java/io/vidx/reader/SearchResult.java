package io.vidx.reader;

/**
 * Neighbours of one query, nearest first.
 *
 * @param ids      ids: the input row numbers (0-based), or the user's ids when the index has them
 * @param scores   squared L2 distance (L2 indexes, ascending) or inner product (IP indexes, descending)
 * @param payloads each neighbour's payload, or null when not asked for or absent
 */
public record SearchResult(long[] ids, float[] scores, String[] payloads) {
    public int size() { return ids.length; }
}
