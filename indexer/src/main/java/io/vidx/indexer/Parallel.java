package io.vidx.indexer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a range of work on a fixed number of threads in fixed-size chunks. Each index is processed by
 * exactly one task and results are written by index, so the outcome never depends on scheduling.
 */
public final class Parallel implements AutoCloseable {
    /** Work on [from, to). */
    @FunctionalInterface
    public interface RangeTask { void run(int from, int to) throws Exception; }

    private final int threads;
    private final ExecutorService pool;

    public Parallel(int threads) {
        this.threads = Math.max(1, threads);
        this.pool = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads, r -> {
            Thread t = new Thread(r, "vidx-build");
            t.setDaemon(true);
            return t;
        });
    }

    public int threads() { return threads; }

    public void forRange(int n, int chunk, RangeTask task) {
        if (n <= 0) return;
        if (pool == null || n <= chunk) {
            runChunks(0, n, chunk, task);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        int chunks = (n + chunk - 1) / chunk;
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < Math.min(threads, chunks); t++) {
            fs.add(pool.submit(() -> {
                for (int c; (c = next.getAndIncrement()) < chunks; ) {
                    int from = c * chunk;
                    task.run(from, Math.min(n, from + chunk));
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : fs) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        }
    }

    private static void runChunks(int from, int to, int chunk, RangeTask task) {
        try {
            for (int s = from; s < to; s += chunk) task.run(s, Math.min(to, s + chunk));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
    }
}
