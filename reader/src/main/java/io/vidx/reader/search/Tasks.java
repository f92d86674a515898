package io.vidx.reader.search;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting on tasks handed to a pool: batch search's workers, a split single query's parts. */
public final class Tasks {
    private Tasks() {}

    /** Waits for every task; a task's exception is rethrown as is (unchecked) or wrapped. */
    public static void await(List<Future<?>> tasks) {
        try {
            for (Future<?> f : tasks) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }
}
