package io.vidx.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.vidx.format.Metric;
import io.vidx.reader.SearchParams;
import io.vidx.reader.SearchResult;
import io.vidx.reader.VidxIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many searchers on one reader while other readers open and close; closing under running searches. */
class ConcurrencyTest {
    /** The least work each side does, however slow the machine: the run lasts at least 1.5 s, and until both are reached. */
    private static final long MIN_SEARCHES = 200, MIN_OPENS = 20;

    @TempDir
    Path dir;

    @Test
    void searchersAgreeWhileOtherReadersOpenAndClose() throws Exception {
        TestIndex t = TestIndex.build(dir, 1500, 48, Metric.IP, true);
        SearchParams p = SearchParams.funnel(10, 8, 60).withPayloads(true);
        try (VidxIndex shared = VidxIndex.open(t.index)) {
            SearchResult[] expected = new SearchResult[t.queries.length];
            for (int i = 0; i < expected.length; i++) expected[i] = shared.search(t.queries[i], p);
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            AtomicLong searches = new AtomicLong(), opens = new AtomicLong();
            java.util.concurrent.atomic.AtomicBoolean openersDone = new java.util.concurrent.atomic.AtomicBoolean();
            List<Thread> openers = new ArrayList<>();
            long until = System.nanoTime() + 1_500_000_000L;
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                final int seed = w;
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        // Search until the openers are done and at least 200 searches ran, however slow the box.
                        for (int i = seed; !openersDone.get() || searches.get() < MIN_SEARCHES; i++) {
                            int qi = i % t.queries.length;
                            SearchResult r = shared.search(t.queries[qi], p);
                            assertThat(r.ids()).containsExactly(expected[qi].ids());
                            assertThat(r.payloads()).containsExactly(expected[qi].payloads());
                            searches.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }));
            }
            for (int w = 0; w < 2; w++) {
                openers.add(Thread.ofPlatform().start(() -> {
                    try {
                        while (System.nanoTime() < until || opens.get() < MIN_OPENS) {
                            try (VidxIndex other = VidxIndex.open(t.index)) {
                                other.search(t.queries[0], SearchParams.exact(5));
                            }
                            opens.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }));
            }
            for (Thread th : openers) th.join();
            openersDone.set(true);
            for (Thread th : threads) th.join();
            assertThat(errors).isEmpty();
            System.out.printf("vidx concurrency: %d searches on one shared reader by 4 threads, all equal to single-threaded results, while 2 threads opened, searched and closed %d other readers%n",
                    searches.get(), opens.get());
            assertThat(searches.get()).isGreaterThanOrEqualTo(MIN_SEARCHES);
            assertThat(opens.get()).isGreaterThanOrEqualTo(MIN_OPENS);
        }
    }

    @Test
    void rebuildingOverAnOpenIndexLeavesItsReaderOnTheOldFile() throws Exception {
        TestIndex t = TestIndex.build(dir, 800, 32, Metric.L2, false);
        try (VidxIndex old = VidxIndex.open(t.index)) {
            String oldId = old.file().header().buildIdHex();
            SearchResult[] before = new SearchResult[t.queries.length];
            for (int i = 0; i < before.length; i++) before[i] = old.search(t.queries[i], SearchParams.funnel(10, 4, 50));
            // A different build (another seed) published at the same path while `old` has it mapped.
            io.vidx.indexer.IndexBuilder.build(io.vidx.indexer.input.VectorFiles.open(t.baseFile), t.index,
                    t.options.withSeed(t.options.seed() + 99), io.vidx.indexer.BuildProgress.SILENT);
            for (int i = 0; i < before.length; i++) {
                SearchResult r = old.search(t.queries[i], SearchParams.funnel(10, 4, 50));
                assertThat(r.ids()).containsExactly(before[i].ids());
                assertThat(r.scores()).containsExactly(before[i].scores());
            }
            old.checkIntegrity();
            try (VidxIndex fresh = VidxIndex.open(t.index)) {
                assertThat(fresh.file().header().buildIdHex()).isNotEqualTo(oldId);
                fresh.checkIntegrity();
            }
        }
        try (var files = java.nio.file.Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.contains("tmp"));
        }
    }

    @Test
    void closingWhileSearchesRunFailsThemWithAClearErrorAndNothingElse() throws Exception {
        TestIndex t = TestIndex.build(dir, 3000, 64, Metric.L2, false);
        for (int round = 0; round < 20; round++) {
            VidxIndex idx = VidxIndex.open(t.index);
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            CountDownLatch started = new CountDownLatch(3);
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                final int mode = w;
                threads.add(Thread.ofPlatform().start(() -> {
                    started.countDown();
                    try {
                        for (int i = 0; ; i++) {
                            float[] q = t.queries[i % t.queries.length];
                            switch (mode) {
                                case 0 -> idx.search(q, SearchParams.funnel(10, 16, 100));
                                case 1 -> idx.search(q, SearchParams.exact(10));
                                default -> idx.searchBatch(t.queries, SearchParams.funnel(10, 4, 40), 2);
                            }
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }));
            }
            started.await();
            Thread.sleep(5 + round);
            idx.close();
            for (Thread th : threads) th.join(10_000);
            for (Thread th : threads) assertThat(th.isAlive()).as("a search hung after close").isFalse();
            assertThat(errors).hasSize(3);
            for (Throwable e : errors) {
                assertThat(e).as("round %d", round).isInstanceOf(IllegalStateException.class);
                assertThat(e.getMessage()).contains("closed");
            }
        }
        System.out.println("vidx concurrency: 20 closes under 3 running searchers each (funnel, exact, batch): 60 searches failed with 'closed', no other outcome");
    }
}
