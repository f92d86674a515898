package io.vidx.reader;

import static io.vidx.format.FormatConstants.I64;

import io.vidx.format.IndexParams;
import io.vidx.format.PayloadCodec;
import io.vidx.format.ReadLimits;
import io.vidx.format.SectionKind;
import io.vidx.format.VidxFile;
import io.vidx.format.VidxFormatException;
import io.vidx.reader.kernel.KernelProvider;
import io.vidx.reader.search.AdSamplingSearch;
import io.vidx.reader.search.BruteForceSearch;
import io.vidx.reader.search.CellBatchSearch;
import io.vidx.reader.search.FunnelSearch;
import io.vidx.reader.search.IndexData;
import io.vidx.reader.search.Tasks;
import io.vidx.reader.search.TopK;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * An open vidx index. {@link #open} maps the file read-only into one shared arena and validates its
 * header, section table and metadata (O(sections), never O(N)); searches then read the mapped sections
 * in place. Thread-safe: any number of threads may search at once. {@link #close()} unmaps; searches
 * still running then fail with an {@link IllegalStateException} saying the index was closed.
 *
 * <pre>{@code
 * try (VidxIndex index = VidxIndex.open(Path.of("docs.vidx"))) {
 *     SearchResult r = index.search(query, SearchParams.funnel(10, 16, 200));
 *     long nearest = r.ids()[0];
 * }
 * }</pre>
 */
public final class VidxIndex implements AutoCloseable {
    private final Arena arena;
    private final IndexData data;
    private final FunnelSearch funnel;
    private final AdSamplingSearch exact;
    private final CellBatchSearch cellBatch;
    private final BruteForceSearch brute;
    private final ReadLimits limits;
    private volatile boolean closed;

    private VidxIndex(Arena arena, IndexData data, ReadLimits limits) {
        this.arena = arena;
        this.data = data;
        this.limits = limits;
        this.funnel = new FunnelSearch(data, KernelProvider.get());
        this.exact = new AdSamplingSearch(data, KernelProvider.get(), funnel);
        this.cellBatch = new CellBatchSearch(data, KernelProvider.get());
        this.brute = new BruteForceSearch(data, KernelProvider.get());
    }

    public static VidxIndex open(Path path) {
        return open(path, ReadLimits.DEFAULT);
    }

    public static VidxIndex open(Path path, ReadLimits limits) {
        Arena arena = Arena.ofShared();
        try {
            VidxFile file = VidxFile.open(path, arena, limits);
            return new VidxIndex(arena, new IndexData(file), limits);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    public IndexParams params() { return data.params; }

    public VidxFile file() { return data.file; }

    public int dim() { return data.dim; }

    public long size() { return data.params.count(); }

    /** Searches one query. {@code query.length} must equal {@link #dim()}. */
    public SearchResult search(float[] query, SearchParams p) {
        checkQuery(query);
        return guarded(() -> {
            TopK top = new TopK(p.k());
            switch (p.mode()) {
                case FUNNEL -> funnel.search(query, p.probeRule(), p.rerank(), top);
                case FUNNEL3 -> funnel.search3(query, p.probeRule(), p.shortlist(), p.rerank(), top);
                case EXACT -> {
                    if (exact.applicable()) exact.search(query, top);
                    else brute.search(query, top);
                }
                case IVF -> cellBatch.search(new float[][] {query}, 1, p.probeRule(), new TopK[] {top});
                case BRUTE -> brute.search(query, top);
            }
            return toResult(top, p.payloads());
        });
    }

    /**
     * Runs search work and translates its failures for the caller: an access to the unmapped file
     * after {@link #close()} becomes "was closed while a search was running", and bad bytes get the
     * verdict of whether the file's checksums still pass.
     */
    private <T> T guarded(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (IllegalStateException e) {
            if (closed) throw new IllegalStateException("index " + data.file.name() + " was closed while a search was running", e);
            throw e;
        } catch (VidxFormatException e) {
            throw withIntegrityVerdict(e);
        }
    }

    /**
     * One query with its work split over {@code threads} threads, for latency. Other modes run on the
     * calling thread.
     * <ul>
     * <li>Funnel: the probed cells, then the rerank, are divided among the threads; the result equals
     * {@link #search(float[], SearchParams)} exactly. Measured on the 2-core development box, it does not
     * pay: p50 got worse on debian-minilm (0.175 → 0.358 ms, about 175 µs of work per query against the
     * thread hand-offs) and on 1M × 1024 (1.59–1.67 → 1.78–2.03 ms, routing memory-bound).
     * <li>Exact tier (where it applies): the store's blocks are divided among the threads, each pruning
     * against its own heap ({@link AdSamplingSearch#searchSplit}); the result is the exact tier's, though
     * not always bit for bit the single-threaded one. A query is milliseconds of work, so this pays
     * (docs/benchmarks.md).
     * <li>IVF: the nearest cell first, then the other probed cells dealt out among the threads
     * ({@link CellBatchSearch#searchSplit}), with the same caveat as the exact tier's.
     * </ul>
     */
    public SearchResult search(float[] query, SearchParams p, int threads) {
        boolean splits = p.mode() == SearchMode.FUNNEL || p.mode() == SearchMode.IVF || (p.mode() == SearchMode.EXACT && exact.applicable());
        if (threads <= 1 || !splits) return search(query, p);
        checkQuery(query);
        return guarded(() -> {
            TopK top = new TopK(p.k());
            switch (p.mode()) {
                case FUNNEL -> funnel.searchSplit(query, p.probeRule(), p.rerank(), top, splitPool(), threads);
                case IVF -> cellBatch.searchSplit(query, p.probeRule(), top, splitPool(), threads);
                default -> exact.searchSplit(query, top, splitPool(), threads);
            }
            return toResult(top, p.payloads());
        });
    }

    private volatile ExecutorService splitPool;

    /** Worker threads for split single-query searches, made on first use and shut down by close(). */
    private ExecutorService splitPool() {
        ExecutorService pool = splitPool;
        if (pool == null) {
            synchronized (this) {
                pool = splitPool;
                if (pool == null) {
                    splitPool = pool = Executors.newCachedThreadPool(r -> {
                        Thread t = new Thread(r, "vidx-split-search");
                        t.setDaemon(true);
                        return t;
                    });
                }
            }
        }
        return pool;
    }

    /** Convenience for the funnel. */
    public SearchResult search(float[] query, int k, int nprobe, int rerank) {
        return search(query, SearchParams.funnel(k, nprobe, Math.max(rerank, k)));
    }

    /**
     * Query tile of {@link #searchBatch(float[][], SearchParams, int)} per mode, chosen by measurement
     * (docs/benchmarks.md): every tiled mode shares reads among a tile's queries (the funnel: centroids,
     * each probed cell's codes, and the PDX blocks its rerank touches; the exact tier and IVF: every block
     * or cell they score), so they want wide tiles. {@link #searchBatch} narrows a tile that would leave
     * threads idle.
     */
    public static int defaultTile(SearchMode mode) {
        return switch (mode) {
            case FUNNEL, FUNNEL3, EXACT -> 512;
            case IVF -> 256;
            case BRUTE -> 1;
        };
    }

    /** The largest query tile: one tile's rerank sorts its (query, row) pairs packed in one long each. */
    public static final int MAX_TILE = 1 << 16;

    /** The tile {@link #searchBatch} uses for a batch of {@code queries} on {@code threads} threads when asked for {@code tile}. */
    public static int tileUsed(int queries, int threads, int tile) {
        int perThread = (queries + Math.max(1, threads) - 1) / Math.max(1, threads);
        return Math.max(1, Math.min(Math.min(tile, MAX_TILE), perThread));
    }

    /** Searches every query, spreading them over {@code threads} threads; results in query order. */
    public SearchResult[] searchBatch(float[][] queries, SearchParams p, int threads) {
        return searchBatch(queries, p, threads, defaultTile(p.mode()));
    }

    /**
     * Batch search: threads take tiles of {@code tile} consecutive queries; in funnel mode a tile's
     * routing reads each centroid once for all its queries (query tiling). Per query, the results equal
     * {@link #search}'s exactly. tile = 1 turns tiling off; tiles above {@link #MAX_TILE} are cut to it,
     * and so is a tile that would leave some of the threads without one (then each thread gets one).
     */
    public SearchResult[] searchBatch(float[][] queries, SearchParams p, int threads, int tileAsked) {
        if (tileAsked < 1) throw new IllegalArgumentException("tile must be at least 1, got " + tileAsked);
        int tile = tileUsed(queries.length, threads, tileAsked);
        for (float[] q : queries) checkQuery(q);
        SearchResult[] out = new SearchResult[queries.length];
        int tiles = (queries.length + tile - 1) / tile;
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int t; (t = next.getAndIncrement()) < tiles; ) {
                int from = t * tile, to = Math.min(queries.length, from + tile);
                searchTile(queries, from, to, p, out);
            }
        };
        if (threads <= 1 || tiles < 2) {
            worker.run();
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) futures.add(pool.submit(worker));
            Tasks.await(futures);
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private void searchTile(float[][] queries, int from, int to, SearchParams p, SearchResult[] out) {
        boolean tiled = p.mode() == SearchMode.FUNNEL || p.mode() == SearchMode.FUNNEL3 || p.mode() == SearchMode.IVF || (p.mode() == SearchMode.EXACT && exact.applicable());
        if (!tiled || to - from == 1) {
            for (int i = from; i < to; i++) out[i] = search(queries[i], p);
            return;
        }
        guarded(() -> {
            int n = to - from;
            TopK[] tops = new TopK[n];
            for (int i = 0; i < n; i++) tops[i] = new TopK(p.k());
            float[][] tile = java.util.Arrays.copyOfRange(queries, from, to);
            switch (p.mode()) {
                case EXACT -> exact.searchTile(tile, n, tops);
                case IVF -> cellBatch.search(tile, n, p.probeRule(), tops);
                case FUNNEL3 -> funnel.searchTile3(tile, n, p.probeRule(), p.shortlist(), p.rerank(), tops);
                default -> funnel.searchTile(tile, n, p.probeRule(), p.rerank(), tops);
            }
            for (int i = 0; i < n; i++) out[from + i] = toResult(tops[i], p.payloads());
            return null;
        });
    }

    /** The payload stored for input row {@code inputRow}, or null when the index has none. */
    public String payloadOfRow(long inputRow) {
        if (!data.params.hasPayloads()) return null;
        if (inputRow < 0 || inputRow >= data.params.count()) throw new IllegalArgumentException("row " + inputRow + " outside 0.." + (data.params.count() - 1));
        int per = data.params.payloadPerBlock();
        long block = inputRow / per;
        MemorySegment index = data.file.section(SectionKind.PAYLOAD_INDEX);
        long start = index.get(I64, 8 * block), end = index.get(I64, 8 * (block + 1));
        MemorySegment blob = data.file.section(SectionKind.PAYLOAD_DATA).asSlice(start, end - start);
        long where = data.file.entry(SectionKind.PAYLOAD_DATA).offset() + start;
        int inBlock = (int) Math.min(per, data.params.count() - block * per);
        return PayloadCodec.decodeRecord(blob, (int) (inputRow % per), inBlock, limits.maxPayloadBlockBytes(), data.file.name(), where);
    }

    /** Checks every byte of the file (all checksums, padding, row ids): what `vidx verify` does. */
    public void checkIntegrity() {
        data.file.verify();
    }

    private SearchResult toResult(TopK top, boolean payloads) {
        int n = top.size();
        float[] keys = new float[n];
        long[] rows = new long[n];
        top.drainSorted(keys, rows);
        long[] ids = new long[n];
        float[] scores = new float[n];
        String[] texts = payloads && data.params.hasPayloads() ? new String[n] : null;
        for (int i = 0; i < n; i++) {
            ids[i] = data.externalId(rows[i]);
            scores[i] = data.scoreOf(keys[i]);
            if (texts != null) texts[i] = payloadOfRow(data.inputRow(rows[i]));
        }
        return new SearchResult(ids, scores, texts);
    }

    private void checkQuery(float[] q) {
        if (closed) throw new IllegalStateException("index " + data.file.name() + " is closed");
        if (q == null || q.length != data.dim) {
            throw new IllegalArgumentException("query has " + (q == null ? "no" : q.length) + " dimensions, the index has " + data.dim);
        }
    }

    /** A search failed on bad bytes: say whether the file's checksums still pass, as Lucene's checkFooter does. */
    private VidxFormatException withIntegrityVerdict(VidxFormatException e) {
        String verdict;
        try {
            data.file.verify();
            verdict = "the file's checksums pass, so the damage predates writing (or is a reader bug)";
        } catch (VidxFormatException v) {
            verdict = "the file is corrupt: " + v.getMessage();
        }
        return new VidxFormatException(data.file.name(), e.section(), e.offset(), e.problem() + " [" + verdict + "]", e);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        ExecutorService pool = splitPool;
        if (pool != null) pool.shutdown();
        arena.close();
    }
}
