package io.vidx.reader.search;

/**
 * A batch's (query, probe rank) pairs grouped by cell, so a batch search can read each probed cell once
 * and serve every query that probes it while the cell is in cache: cell c's pairs are
 * [start[c], start[c + 1]) of {@link #query} and {@link #rank}, in query order.
 */
final class CellGroups {
    final int[] start;
    final int[] query;
    /** The cell's position in that query's probe list (its index into the router's keys). */
    final int[] rank;

    /** Groups probe[t][i] for every query t and rank i in [lo, min(hi, probe[t].length)). */
    CellGroups(int[][] probe, int lo, int hi, int nlist) {
        start = new int[nlist + 1];
        for (int[] cells : probe) for (int i = lo; i < Math.min(hi, cells.length); i++) start[cells[i] + 1]++;
        for (int c = 0; c < nlist; c++) start[c + 1] += start[c];
        query = new int[start[nlist]];
        rank = new int[start[nlist]];
        int[] fill = java.util.Arrays.copyOf(start, nlist);
        for (int t = 0; t < probe.length; t++) {
            for (int i = lo; i < Math.min(hi, probe[t].length); i++) {
                int at = fill[probe[t][i]]++;
                query[at] = t;
                rank[at] = i;
            }
        }
    }

    /** The query list of a scan that serves one query: query 0 (its group is [0, 1) of this). */
    static final int[] SOLE_QUERY = {0};

    int cells() { return start.length - 1; }

    boolean empty(int cell) { return start[cell] == start[cell + 1]; }
}
