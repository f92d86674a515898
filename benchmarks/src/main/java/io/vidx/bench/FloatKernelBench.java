package io.vidx.bench;

import io.vidx.reader.kernel.Kernels;
import io.vidx.reader.kernel.ScalarKernels;
import io.vidx.reader.kernel.VectorKernels;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * f32 kernels over a native segment (as mapped data is): ns per vector for the Vector API kernel and
 * its scalar twin, rows resident in L2. Bytes/s = 4·dim / (ns per vector).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FloatKernelBench {
    @Param({"384", "512", "1024"})
    int dim;

    static final int ROWS = 64;
    float[] q;
    MemorySegment rows;
    Arena arena;
    final Kernels vector = new VectorKernels();
    final Kernels scalar = new ScalarKernels(VectorKernels.width());
    float[] acc = new float[ROWS];
    io.vidx.format.HadamardRotation rotation;
    float[] rotated;

    @Setup
    public void setup() {
        arena = Arena.ofConfined();
        SplittableRandom r = new SplittableRandom(2);
        q = new float[dim];
        for (int i = 0; i < dim; i++) q[i] = (float) r.nextDouble();
        rows = arena.allocate(4L * dim * ROWS, 64);
        for (long i = 0; i < (long) dim * ROWS; i++) rows.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i, (float) r.nextDouble());
        rotation = io.vidx.format.HadamardRotation.fromSeed(dim, 42, 3);
        rotated = new float[rotation.paddedDim()];
        setupTile();
        setupSurvivors(); // after the rows and the tile: its cut comes from their dots
    }

    @TearDown
    public void tearDown() { arena.close(); }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public float dotVector() {
        float s = 0;
        for (int j = 0; j < ROWS; j++) s += vector.dot(q, 0, rows, 4L * j * dim, dim);
        return s;
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public float dotScalarTwin() {
        float s = 0;
        for (int j = 0; j < ROWS; j++) s += scalar.dot(q, 0, rows, 4L * j * dim, dim);
        return s;
    }

    /** The query's randomized Hadamard rotation (3 rounds, dim padded to a power of two): ns per query. */
    @Benchmark
    public float[] rotateVector() {
        vector.rotate(rotation, q, rotated);
        return rotated;
    }

    @Benchmark
    public float[] rotateScalarTwin() {
        scalar.rotate(rotation, q, rotated);
        return rotated;
    }

    /** PDX vertical pass: ROWS vectors' first min(64, dim) dims, dimension-major. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public float[] pdxVerticalVector() {
        java.util.Arrays.fill(acc, 0f);
        vector.pdxVertical(true, q, rows, 0, ROWS, Math.min(64, dim), acc);
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public float[] pdxVerticalScalarTwin() {
        java.util.Arrays.fill(acc, 0f);
        scalar.pdxVertical(true, q, rows, 0, ROWS, Math.min(64, dim), acc);
        return acc;
    }

    static final int TILE = 16;
    float[][] tile;
    float[] tileDots = new float[TILE * ROWS], tileNorms = new float[ROWS];

    private void setupTile() {
        SplittableRandom r = new SplittableRandom(3);
        tile = new float[TILE][dim];
        for (float[] t : tile) for (int i = 0; i < dim; i++) t[i] = (float) r.nextDouble();
    }

    /**
     * The tiled PDX vertical pass (exact tier, IVF): TILE queries × ROWS vectors × min(128, dim) dims of
     * one L1-resident block. ns per (query, vector) pair; multiply-adds/ns = min(128, dim) / that.
     */
    @Benchmark
    @OperationsPerInvocation(TILE * ROWS)
    public float[] pdxDotTileVector() {
        vector.pdxDotTile(tile, TILE, rows, 0, ROWS, ROWS, Math.min(128, dim), tileDots, tileNorms);
        return tileDots;
    }

    @Benchmark
    @OperationsPerInvocation(TILE * ROWS)
    public float[] pdxDotTileScalarTwin() {
        scalar.pdxDotTile(tile, TILE, rows, 0, ROWS, ROWS, Math.min(128, dim), tileDots, tileNorms);
        return tileDots;
    }

    /**
     * ADSampling's first test over the tile's dots (as the exact tier runs it after pdxDotTile): TILE
     * queries × ROWS rows, the cut set so about 1% of rows survive, as on debian-minilm. ns per (query,
     * row) pair.
     */
    int[] survivorsOut = new int[TILE * ROWS];
    float survivorCut;

    private void setupSurvivors() {
        vector.pdxDotTile(tile, TILE, rows, 0, ROWS, ROWS, Math.min(128, dim), tileDots, tileNorms);
        float[] partial = new float[TILE * ROWS];
        for (int i = 0; i < partial.length; i++) partial[i] = tileNorms[i % ROWS] - 2f * tileDots[i];
        java.util.Arrays.sort(partial);
        survivorCut = partial[partial.length / 100];
    }

    @Benchmark
    @OperationsPerInvocation(TILE * ROWS)
    public int survivorsVector() {
        int s = 0;
        for (int t = 0; t < TILE; t++) s = vector.survivors(tileDots, t * ROWS, tileNorms, 0, ROWS, 0f, survivorCut, survivorsOut, s);
        return s;
    }

    @Benchmark
    @OperationsPerInvocation(TILE * ROWS)
    public int survivorsScalarTwin() {
        int s = 0;
        for (int t = 0; t < TILE; t++) s = scalar.survivors(tileDots, t * ROWS, tileNorms, 0, ROWS, 0f, survivorCut, survivorsOut, s);
        return s;
    }

    /** About debian-minilm's 980 cells: 1.5 MB at 384 dims, more than L2, as in a search (256 fitted it). */
    static final int CENTROIDS = 1024;
    /** As the funnel routes (FunnelSearch.ROUTE_TILE). */
    static final int ROUTE_TILE = 16;
    float[] centroidColumns;
    float[] routeDots = new float[ROUTE_TILE * 4 * VectorKernels.width()];

    @Setup
    public void setupRouter() {
        SplittableRandom r = new SplittableRandom(4);
        centroidColumns = new float[CENTROIDS * dim];
        for (int i = 0; i < centroidColumns.length; i++) centroidColumns[i] = (float) r.nextDouble();
        setupRouterKeys();
    }

    /**
     * The router (queries × centroids, {@code dotColumns}) as tiles run it: ROUTE_TILE queries against
     * CENTROIDS centroids in blocks two vectors wide (four queries at a time). ns per (query, centroid)
     * pair; multiply-adds/ns = dim / that.
     */
    @Benchmark
    @OperationsPerInvocation(ROUTE_TILE * CENTROIDS)
    public float[] routerDotColumnsVector() {
        return route(vector, 2 * VectorKernels.width());
    }

    /** The same in blocks four vectors wide (two queries at a time): the shape single queries use, and tiles did before. */
    @Benchmark
    @OperationsPerInvocation(ROUTE_TILE * CENTROIDS)
    public float[] routerDotColumnsVectorFourWide() {
        return route(vector, 4 * VectorKernels.width());
    }

    @Benchmark
    @OperationsPerInvocation(ROUTE_TILE * CENTROIDS)
    public float[] routerDotColumnsScalarTwin() {
        return route(scalar, 2 * VectorKernels.width());
    }

    private float[] route(Kernels k, int w) {
        for (int b = 0; b < CENTROIDS / w; b++) k.dotColumns(tile, ROUTE_TILE, centroidColumns, b * w * dim, w, dim, routeDots);
        return routeDots;
    }

    /** Router keys of 980 cells (debian-minilm's nlist), about one in eight under the threshold, as the router's filter sees them. */
    static final int ROUTER_KEYS = 980;
    float[] routerKeys = new float[ROUTER_KEYS];
    float routerThreshold;
    int[] passing = new int[ROUTER_KEYS];

    private void setupRouterKeys() {
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < ROUTER_KEYS; i++) routerKeys[i] = (float) r.nextDouble();
        routerThreshold = 0.125f;
    }

    /** {@code indexesAtMost}: ns per key (one float read per key). */
    @Benchmark
    @OperationsPerInvocation(ROUTER_KEYS)
    public int routerFilterVector() {
        return vector.indexesAtMost(routerKeys, ROUTER_KEYS, routerThreshold, passing);
    }

    @Benchmark
    @OperationsPerInvocation(ROUTER_KEYS)
    public int routerFilterScalarTwin() {
        return scalar.indexesAtMost(routerKeys, ROUTER_KEYS, routerThreshold, passing);
    }
}
