package io.vidx.reader.search;

/**
 * Which cells a query visits: its {@code nprobe} nearest, less those whose centroid is more than
 * {@code gap} farther than the nearest one's (for ip, ⟨q, c⟩ &lt; ⟨q, c₀⟩ − gap; for l2,
 * ‖q − c‖ &gt; ‖q − c₀‖ + gap). The nearest cell is always visited.
 *
 * <p>Why a gap: how many cells hold a query's neighbours varies from query to query. On debian-minilm,
 * a gap of 0.22 reaches the recall ceiling of a fixed nprobe of 160 (0.990) with a quarter fewer rows
 * visited (docs/benchmarks.md). An infinite gap is the plain nprobe rule.
 */
public record ProbeRule(int nprobe, float gap) {
    public ProbeRule {
        if (nprobe < 1) throw new IllegalArgumentException("nprobe must be at least 1, got " + nprobe);
        if (!(gap >= 0)) throw new IllegalArgumentException("probe gap must be at least 0, got " + gap);
    }

    /** The plain rule: the nprobe nearest cells. */
    public static ProbeRule nearest(int nprobe) { return new ProbeRule(nprobe, Float.POSITIVE_INFINITY); }

    /** Cells visited at most, for an index of {@code nlist} cells. */
    public int cap(int nlist) { return Math.min(nprobe, nlist); }

    public boolean hasGap() { return gap != Float.POSITIVE_INFINITY; }

    /**
     * How many of the {@code count} cells, nearest first with routing keys {@code keys} (−⟨q, c⟩ for ip,
     * ‖q − c‖² for l2), the rule keeps: the prefix within the gap of keys[0].
     */
    int kept(float[] keys, int count, boolean l2) {
        if (count == 0 || !hasGap()) return count;
        int n = 1;
        if (l2) {
            double limit = Math.sqrt(keys[0]) + gap;
            while (n < count && Math.sqrt(keys[n]) <= limit) n++;
        } else {
            float limit = keys[0] + gap;
            while (n < count && keys[n] <= limit) n++;
        }
        return n;
    }
}
