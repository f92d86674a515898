package io.vidx.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vidx.format.Metric;
import io.vidx.reader.SearchParams;
import io.vidx.reader.SearchResult;
import io.vidx.reader.VidxIndex;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SearchCorrectnessTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Metric.class)
    void bruteModeAndTheExactTierEqualTheReference(Metric metric) throws Exception {
        TestIndex t = TestIndex.build(dir, 900, 72, metric, false);
        try (VidxIndex idx = VidxIndex.open(t.index)) {
            for (float[] q : t.queries) {
                long[] ref = TestIndex.bruteForce(t.base, q, 10, metric);
                assertSameNeighbours(t, q, idx.search(q, SearchParams.brute(10)), ref, metric);
                // ADSampling prunes only what cannot win with high probability (ε0 = 1.5): on this data, nothing it should keep.
                assertSameNeighbours(t, q, idx.search(q, SearchParams.exact(10)), ref, metric);
                // IVF over every cell scores every row.
                assertSameNeighbours(t, q, idx.search(q, SearchParams.ivf(10, idx.params().nlist())), ref, metric);
            }
            for (SearchParams p : new SearchParams[] {SearchParams.exact(10), SearchParams.ivf(10, idx.params().nlist())}) {
                SearchResult[] batch = idx.searchBatch(t.queries, p, 2, 16);
                for (int i = 0; i < t.queries.length; i++) {
                    assertSameNeighbours(t, t.queries[i], batch[i], TestIndex.bruteForce(t.base, t.queries[i], 10, metric), metric);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void funnelWithEveryCellAndFullRerankIsExact(Metric metric) throws Exception {
        TestIndex t = TestIndex.build(dir, 800, 40, metric, false);
        try (VidxIndex idx = VidxIndex.open(t.index)) {
            int nlist = idx.params().nlist();
            for (float[] q : t.queries) {
                SearchResult r = idx.search(q, SearchParams.funnel(10, nlist, t.base.length));
                assertSameNeighbours(t, q, r, TestIndex.bruteForce(t.base, q, 10, metric), metric);
            }
            SearchResult[] batch = idx.searchBatch(t.queries, SearchParams.funnel(10, nlist, t.base.length), 2);
            for (int i = 0; i < t.queries.length; i++) {
                assertThat(batch[i].ids()).containsExactly(idx.search(t.queries[i], SearchParams.funnel(10, nlist, t.base.length)).ids());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void threeTierFunnelIsExactWithEverythingKeptAndItsPqTierRanksWell(Metric metric) throws Exception {
        TestIndex t = TestIndex.build(dir, 800, 40, metric, false);
        try (VidxIndex idx = VidxIndex.open(t.index)) {
            int nlist = idx.params().nlist(), n = t.base.length;
            double hits = 0;
            for (float[] q : t.queries) {
                long[] ref = TestIndex.bruteForce(t.base, q, 10, metric);
                assertSameNeighbours(t, q, idx.search(q, SearchParams.funnel3(10, nlist, n, n)), ref, metric);
                // Every row reaches the PQ4 tier, which alone picks the 30 that get exact distances: a
                // broken estimate would keep about 30/800 of the true 10.
                long[] got = idx.search(q, SearchParams.funnel3(10, nlist, n, 30)).ids();
                for (long id : got) for (long r : ref) if (id == r) hits++;
            }
            assertThat(hits / (10.0 * t.queries.length)).isGreaterThan(0.8);
        }
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void tiledBatchSearchEqualsSingleSearchBitForBit(Metric metric) throws Exception {
        TestIndex t = TestIndex.build(dir, 900, 100, metric, false);
        try (VidxIndex idx = VidxIndex.open(t.index)) {
            for (SearchParams p : new SearchParams[] {SearchParams.funnel(10, 5, 30), SearchParams.funnel3(10, 5, 60, 20), SearchParams.exact(10), SearchParams.ivf(10, 5)})
            for (int tile : new int[] {1, 2, 3, 8, 64, 512}) {
                for (int threads : new int[] {1, 2}) {
                    SearchResult[] batch = idx.searchBatch(t.queries, p, threads, tile);
                    for (int i = 0; i < t.queries.length; i++) {
                        SearchResult single = idx.search(t.queries[i], p);
                        assertThat(batch[i].ids()).as("%s tile %d threads %d query %d", p.mode(), tile, threads, i).containsExactly(single.ids());
                        assertThat(batch[i].scores()).containsExactly(single.scores());
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void aProbeGapVisitsANearestPrefixOfTheCellsAndKeepsEveryPathBitIdentical(Metric metric) throws Exception {
        TestIndex t = TestIndex.build(dir, 1200, 40, metric, false);
        try (VidxIndex idx = VidxIndex.open(t.index)) {
            int nlist = idx.params().nlist();
            int cutSomewhere = 0;
            // Midpoints of rows far apart: their neighbours straddle cells, so how many cells are visited matters.
            float[][] queries = new float[20][];
            for (int i = 0; i < queries.length; i++) {
                float[] a = t.base[(37 * i) % t.base.length], b = t.base[(37 * i + 601) % t.base.length];
                queries[i] = new float[a.length];
                for (int d = 0; d < a.length; d++) queries[i][d] = (a[d] + b[d]) / 2;
            }
            for (float[] q : queries) {
                float norm = 0;
                for (float v : q) norm += v * v;
                norm = (float) Math.sqrt(norm);
                // Gap 0 keeps the nearest cell only; no gap keeps all nprobe (here every cell: the exact answer).
                assertThat(idx.search(q, SearchParams.ivf(10, nlist).withProbeGap(0f)).ids()).containsExactly(idx.search(q, SearchParams.ivf(10, 1)).ids());
                assertThat(idx.search(q, SearchParams.ivf(10, nlist).withProbeGap(Float.MAX_VALUE)).ids()).containsExactly(idx.search(q, SearchParams.ivf(10, nlist)).ids());
                // A wider gap visits a superset of the cells, so IVF's i-th best can only get nearer.
                float[] previous = null;
                // k 100: the neighbours span several cells, so gaps between the extremes change the answer.
                SearchResult none = idx.search(q, SearchParams.ivf(100, 1)), all = idx.search(q, SearchParams.ivf(100, nlist));
                for (float f : new float[] {0f, 0.005f, 0.01f, 0.02f, 0.03f, 0.05f, 0.075f, 0.1f, 0.15f, 0.2f, 0.3f, 0.5f, 1f}) {
                    SearchResult r = idx.search(q, SearchParams.ivf(100, nlist).withProbeGap(f * norm));
                    float[] keys = new float[r.size()];
                    for (int i = 0; i < keys.length; i++) keys[i] = metric == Metric.L2 ? r.scores()[i] : -r.scores()[i];
                    if (previous != null) {
                        assertThat(keys.length).isGreaterThanOrEqualTo(previous.length);
                        for (int i = 0; i < previous.length; i++) assertThat(keys[i]).isLessThanOrEqualTo(previous[i]);
                    }
                    previous = keys;
                    if (!java.util.Arrays.equals(r.ids(), none.ids()) && !java.util.Arrays.equals(r.ids(), all.ids())) cutSomewhere++;
                }
                SearchParams[] gapped = {SearchParams.funnel(10, 12, 40).withProbeGap(0.1f * norm), SearchParams.funnel3(10, 12, 60, 20).withProbeGap(0.1f * norm),
                        SearchParams.ivf(10, 12).withProbeGap(0.1f * norm)};
                for (SearchParams p : gapped) {
                    SearchResult one = idx.search(q, p);
                    for (int tile : new int[] {1, 3, 64}) {
                        SearchResult batch = idx.searchBatch(new float[][] {q, queries[0], q}, p, 2, tile)[2];
                        assertThat(batch.ids()).as("%s tile %d", p.mode(), tile).containsExactly(one.ids());
                        assertThat(batch.scores()).containsExactly(one.scores());
                    }
                    if (p.mode() == io.vidx.reader.SearchMode.FUNNEL) assertThat(idx.search(q, p, 3).ids()).containsExactly(one.ids());
                }
            }
            assertThat(cutSomewhere).as("gaps between the extremes that visit some but not all cells").isPositive();
        }
    }

    @org.junit.jupiter.api.Test
    void probeGapsMustNotBeNegative() {
        assertThatThrownBy(() -> SearchParams.ivf(10, 4).withProbeGap(-0.1f)).hasMessageContaining("probe gap must be at least 0, got -0.1");
        assertThatThrownBy(() -> SearchParams.ivf(10, 4).withProbeGap(Float.NaN)).hasMessageContaining("probe gap");
    }

    @org.junit.jupiter.api.Test
    void batchTilesNeverLeaveThreadsIdleAndStayUnderTheCap() {
        assertThat(VidxIndex.tileUsed(1000, 2, 512)).isEqualTo(500);
        assertThat(VidxIndex.tileUsed(1000, 1, 512)).isEqualTo(512);
        assertThat(VidxIndex.tileUsed(1001, 2, 512)).isEqualTo(501);
        assertThat(VidxIndex.tileUsed(3, 8, 512)).isEqualTo(1);
        assertThat(VidxIndex.tileUsed(0, 2, 64)).isEqualTo(1);
        assertThat(VidxIndex.tileUsed(10_000_000, 1, Integer.MAX_VALUE)).isEqualTo(VidxIndex.MAX_TILE);
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void theExactTierAndIvfSplitOverThreadsStillFindTheExactNeighbours(Metric metric) throws Exception {
        TestIndex t = TestIndex.build(dir, 900, 72, metric, false);
        try (VidxIndex idx = VidxIndex.open(t.index)) {
            // k = 200: far more than the seeding funnel's cells hold, so most of the answer must come from
            // the split scan itself, every block range of it.
            for (float[] q : t.queries) {
                long[] ref = TestIndex.bruteForce(t.base, q, 200, metric);
                for (int threads : new int[] {2, 3, 5}) {
                    assertSameNeighbours(t, q, idx.search(q, SearchParams.exact(200), threads), ref, metric);
                    // IVF over every cell, its cells dealt out among the threads: the exact answer too.
                    assertSameNeighbours(t, q, idx.search(q, SearchParams.ivf(200, idx.params().nlist()), threads), ref, metric);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void splitSingleQuerySearchEqualsSequentialBitForBit(Metric metric) throws Exception {
        TestIndex t = TestIndex.build(dir, 1200, 40, metric, false);
        try (VidxIndex idx = VidxIndex.open(t.index)) {
            for (SearchParams p : new SearchParams[] {SearchParams.funnel(10, 7, 40), SearchParams.funnel(3, 30, 500)}) {
                for (float[] q : t.queries) {
                    SearchResult one = idx.search(q, p);
                    for (int threads : new int[] {2, 3, 4}) {
                        SearchResult split = idx.search(q, p, threads);
                        assertThat(split.ids()).containsExactly(one.ids());
                        assertThat(split.scores()).containsExactly(one.scores());
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void funnelScoresAreExactDistancesOfTheReturnedIds(Metric metric) throws Exception {
        TestIndex t = TestIndex.build(dir, 600, 50, metric, false);
        try (VidxIndex idx = VidxIndex.open(t.index)) {
            for (float[] q : t.queries) {
                SearchResult r = idx.search(q, SearchParams.funnel(5, 4, 40));
                assertThat(r.size()).isEqualTo(5);
                for (int i = 0; i < r.size(); i++) {
                    assertThat((double) r.scores()[i]).isCloseTo(TestIndex.score(q, t.base[(int) r.ids()[i]], metric), within(1e-4));
                    if (i > 0) {
                        if (metric == Metric.L2) assertThat(r.scores()[i]).isGreaterThanOrEqualTo(r.scores()[i - 1]);
                        else assertThat(r.scores()[i]).isLessThanOrEqualTo(r.scores()[i - 1]);
                    }
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void userIdsReplaceRowNumbersAndAreValidated() throws Exception {
        TestIndex t = TestIndex.build(dir, 300, 24, Metric.L2, false);
        Path ids = dir.resolve("ids.txt");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 300; i++) sb.append(1_000_000_007L * (i + 1)).append('\n');
        java.nio.file.Files.writeString(ids, sb);
        Path withIds = dir.resolve("ids.vidx");
        io.vidx.indexer.IndexBuilder.build(io.vidx.indexer.input.VectorFiles.open(t.baseFile), withIds, t.options.withIds(ids),
                io.vidx.indexer.BuildProgress.SILENT);
        try (VidxIndex plain = VidxIndex.open(t.index); VidxIndex mapped = VidxIndex.open(withIds)) {
            assertThat(mapped.params().hasUserIds()).isTrue();
            for (float[] q : t.queries) {
                long[] rows = plain.search(q, SearchParams.exact(5)).ids();
                long[] got = mapped.search(q, SearchParams.exact(5)).ids();
                for (int i = 0; i < rows.length; i++) assertThat(got[i]).isEqualTo(1_000_000_007L * (rows[i] + 1));
            }
        }
        java.nio.file.Files.writeString(ids, "1\n2\n2\n");
        assertThatThrownBy(() -> io.vidx.indexer.IndexBuilder.build(io.vidx.indexer.input.VectorFiles.open(t.baseFile), dir.resolve("bad.vidx"),
                t.options.withIds(ids), io.vidx.indexer.BuildProgress.SILENT)).hasMessageContaining("3 ids, but the input has 300 vectors");
        assertThat(dir.resolve("bad.vidx")).doesNotExist();
    }

    @org.junit.jupiter.api.Test
    void rejectsQueriesOfTheWrongDimensionAndSearchesAfterClose() throws Exception {
        TestIndex t = TestIndex.build(dir, 200, 16, Metric.L2, false);
        VidxIndex idx = VidxIndex.open(t.index);
        assertThatThrownBy(() -> idx.search(new float[15], SearchParams.exact(3))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("15").hasMessageContaining("16");
        idx.close();
        assertThatThrownBy(() -> idx.search(t.queries[0], SearchParams.exact(3))).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void spilledEntriesFindMoreTrueNeighboursThroughFewCellsAndNoRowComesBackTwice(Metric metric) throws Exception {
        // Unclustered Gaussian vectors: true neighbours straddle cell borders, which is where spilling helps.
        java.util.Random rnd = new java.util.Random(11);
        float[][] base = new float[3000][24], queries = new float[40][24];
        for (float[][] set : new float[][][] {base, queries}) for (float[] v : set) for (int d = 0; d < v.length; d++) v[d] = (float) rnd.nextGaussian();
        Path baseFile = dir.resolve("gauss.fvecs");
        io.vidx.indexer.input.VectorFiles.writeFvecs(baseFile, base);
        io.vidx.indexer.BuildOptions o = io.vidx.indexer.BuildOptions.defaults(metric).withThreads(2).withNlist(60);
        Path spilled = dir.resolve("spilled.vidx"), plain = dir.resolve("plain.vidx");
        io.vidx.indexer.IndexBuilder.build(io.vidx.indexer.input.VectorFiles.open(baseFile), spilled, o, io.vidx.indexer.BuildProgress.SILENT);
        io.vidx.indexer.IndexBuilder.build(io.vidx.indexer.input.VectorFiles.open(baseFile), plain, o.withSpill(false), io.vidx.indexer.BuildProgress.SILENT);
        try (VidxIndex withSpill = VidxIndex.open(spilled); VidxIndex without = VidxIndex.open(plain)) {
            assertThat(withSpill.file().has(io.vidx.format.SectionKind.SPILL_ROWS)).isTrue();
            assertThat(without.file().has(io.vidx.format.SectionKind.SPILL_DIRECTORY)).isFalse();
            assertThat(withSpill.params()).isEqualTo(without.params()); // same cells: the spill sections are all that differ
            int hitsWith = 0, hitsWithout = 0;
            SearchParams few = SearchParams.funnel(10, 3, 60);
            for (float[] q : queries) {
                long[] ref = TestIndex.bruteForce(base, q, 10, metric);
                for (SearchParams p : new SearchParams[] {few, SearchParams.funnel3(10, 3, 120, 30)}) {
                    SearchResult r = withSpill.search(q, p);
                    assertThat(r.ids()).as("%s", p.mode()).doesNotHaveDuplicates();
                    assertThat(withSpill.search(q, p, 2).ids()).containsExactly(r.ids()); // the split path dedups too
                }
                for (long id : withSpill.search(q, few).ids()) for (long e : ref) if (id == e) hitsWith++;
                for (long id : without.search(q, few).ids()) for (long e : ref) if (id == e) hitsWithout++;
            }
            // Three of the 60 cells: a true neighbour filed in another cell is found only through its spilled entry.
            assertThat(hitsWith).as("recall@10 hits with spilling vs without").isGreaterThan(hitsWithout + 20);
            SearchResult[] batch = withSpill.searchBatch(queries, few, 2, 8);
            for (int i = 0; i < queries.length; i++) assertThat(batch[i].ids()).containsExactly(withSpill.search(queries[i], few).ids());
            // A vector reached through both its cells takes two shortlist entries; asked for as many results
            // as its rerank, a search still returns that many whenever the probed cells hold them.
            SearchParams all = SearchParams.funnel(60, 3, 60);
            for (float[] q : queries) {
                assertThat(withSpill.search(q, all).ids()).as("k = rerank = 60 over three cells").hasSize(60);
                assertThat(withSpill.search(q, all, 2).ids()).hasSize(60);
            }
            for (SearchResult r : withSpill.searchBatch(queries, all, 2, 8)) assertThat(r.ids()).hasSize(60);
        }
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void wholePdxRowsChangeNoResultOnlyTheStoreLayout(Metric metric) throws Exception {
        TestIndex t = TestIndex.build(dir, 700, 72, metric, false); // D' 128, V 96: the whole row repeats 96 of 128 dims
        Path split = dir.resolve("split-rows.vidx");
        io.vidx.indexer.IndexBuilder.build(io.vidx.indexer.input.VectorFiles.open(t.baseFile), split, t.options.withPdxWholeRows(false), io.vidx.indexer.BuildProgress.SILENT);
        try (VidxIndex whole = VidxIndex.open(t.index); VidxIndex plain = VidxIndex.open(split)) {
            assertThat(whole.params().pdxWholeRows()).isTrue();
            assertThat(plain.params().pdxWholeRows()).isFalse();
            io.vidx.format.SectionKind pdx = io.vidx.format.SectionKind.PDX_VECTORS;
            int dPad = whole.params().paddedDim(), v = whole.params().pdxVerticalDims();
            assertThat(whole.file().section(pdx).byteSize() * dPad).isEqualTo(plain.file().section(pdx).byteSize() * (dPad + v));
            whole.file().verify();
            int nlist = whole.params().nlist();
            SearchParams[] modes = {SearchParams.funnel(10, 4, 40), SearchParams.funnel(10, nlist, t.base.length), SearchParams.exact(10), SearchParams.brute(10), SearchParams.ivf(10, 4)};
            for (float[] q : t.queries) {
                for (SearchParams p : modes) {
                    SearchResult a = whole.search(q, p), b = plain.search(q, p);
                    assertThat(a.ids()).as("%s", p.mode()).containsExactly(b.ids());
                    // The whole row is summed in another order than vertical part + tail: equal up to rounding.
                    for (int i = 0; i < a.size(); i++) assertThat(a.scores()[i]).isCloseTo(b.scores()[i], within(1e-4f * Math.max(1f, Math.abs(b.scores()[i]))));
                }
            }
        }
    }

    /** Same ids as the reference, except that equal-distance neighbours may swap at the boundary. */
    private static void assertSameNeighbours(TestIndex t, float[] q, SearchResult r, long[] ref, Metric metric) {
        assertThat(r.size()).isEqualTo(ref.length);
        assertThat(r.ids()).doesNotHaveDuplicates();
        for (int i = 0; i < ref.length; i++) {
            double want = TestIndex.score(q, t.base[(int) ref[i]], metric);
            double got = TestIndex.score(q, t.base[(int) r.ids()[i]], metric);
            assertThat(got).as("rank %d", i).isCloseTo(want, within(1e-4));
        }
    }
}
