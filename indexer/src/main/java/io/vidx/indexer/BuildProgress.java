package io.vidx.indexer;

/** Where a long build reports progress. The CLI draws bars on stderr; the library default is silent. */
public interface BuildProgress {
    /** A named phase of {@code total} steps (total < 0 when unknown). */
    Phase phase(String name, long total);

    interface Phase extends AutoCloseable {
        void step(long n);

        /** Closes without exceptions. */
        @Override
        void close();
    }

    BuildProgress SILENT = (name, total) -> new Phase() {
        @Override public void step(long n) {}
        @Override public void close() {}
    };
}
