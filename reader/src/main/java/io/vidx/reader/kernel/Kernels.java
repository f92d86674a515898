package io.vidx.reader.kernel;

import io.vidx.format.HadamardRotation;
import java.lang.foreign.MemorySegment;

/**
 * The per-vector operations search spends its time in, over mapped segments. Two implementations:
 * {@link ScalarKernels}, plain loops, and {@link VectorKernels}, the Vector API. They are bit-identical
 * on every input. The scalar twin accumulates floats in the same lane order as the vector one, and
 * property tests hold them equal. {@link KernelProvider} picks one.
 */
public interface Kernels {
    /** Name for logs and benchmarks: "scalar" or "vector-256" etc. */
    String name();

    /**
     * out[i] = popcount(q XOR code of row fromRow + i), for i in [0, count), reading the mapped code
     * section in place (rows of q.length words).
     */
    void hamming(long[] q, MemorySegment codes, long fromRow, int count, int[] out);

    /** Σ q[qOff + i]·s[off + 4i] for i in [0, n). */
    float dot(float[] q, int qOff, MemorySegment s, long off, int n);

    /** Σ (q[qOff + i] − s[off + 4i])² for i in [0, n). */
    float l2(float[] q, int qOff, MemorySegment s, long off, int n);

    /**
     * PQ4 fast-scan of one block of 32 vectors (the format's layout: M groups of 16 bytes, byte j of
     * group m holding vector j's 4-bit code in its low nibble and vector j+16's in its high nibble):
     * out[j] = Σ_m lut[16·m + code(m, j)] for j in [0, 32), the table entries read as unsigned bytes.
     * Integer sums, so any summation order gives the same result.
     */
    void fastScan(MemorySegment codes, long off, int m, byte[] lut, int[] out);

    /**
     * Inner products of a tile of queries with {@code width} rows held dimension-major in a heap array
     * (the router's copy of the centroids): out[t·width + j] = Σ_d qs[t][d]·cols[off + d·width + j] over
     * d in [0, dims), each one sequential FMA chain over d from 0, so a query gets the same bits alone or
     * in any tile. A heap array, not a segment: the kernels' segment loads stay monomorphic (mapped file
     * only), and a broadcast query against dimension-major rows needs no horizontal sums.
     */
    void dotColumns(float[][] qs, int count, float[] cols, int off, int width, int dims, float[] out);

    /**
     * Sign bits of a − b: bit i of out (word i/64, bit i%64) is set iff a[i] > s[off + 4i], for
     * i in [0, 64·out.length). This is the query's 1-bit code against a rotated centroid.
     */
    void signBits(float[] a, MemorySegment s, long off, long[] out);

    /**
     * PDX vertical pass: acc[j] += (q[d] − x_j[d])² (l2) or q[d]·x_j[d] (dot) for d in [0, dims) and rows
     * j in [0, rows) of a block whose first {@code dims} dimensions are stored dimension-major,
     * {@code rows} floats per dimension starting at {@code off}. Each acc[j] is a sequential FMA chain over d.
     */
    void pdxVertical(boolean l2, float[] q, MemorySegment s, long off, int rows, int dims, float[] acc);

    /**
     * The PDX vertical pass for a tile of queries, shaped as a small matrix product so each float of the
     * block is loaded once for the whole tile: dots[t·rows + j] = Σ_d qs[t][d]·x_j[d] for queries
     * t in [0, count), and norms[j] = Σ_d x_j[d]², over d in [0, dims) and rows j in [0, rows), where
     * x_j[d] is the float at {@code off + 4·(d·stride + j)} (a run of rows of a block stored
     * dimension-major, {@code stride} rows per dimension). Every value is one sequential FMA chain over d
     * from 0, so it does not depend on the tile: a query gets the same bits alone or in any tile.
     */
    void pdxDotTile(float[][] qs, int count, MemorySegment s, long off, int stride, int rows, int dims, float[] dots, float[] norms);

    /**
     * ADSampling's first test over a run of n rows for one query, in the expanded form of the partial
     * squared distance: for j in [0, n) in order, appends at + j to {@code out} (from {@code outAt}) when
     * head + norms[normAt + j] − 2·dots[at + j] ≤ cut, evaluated left to right in float. Returns the new
     * end of {@code out}, which must have room for n more.
     */
    int survivors(float[] dots, int at, float[] norms, int normAt, int n, float head, float cut, int[] out, int outAt);

    /**
     * The indexes i in [0, n) with keys[i] ≤ threshold, ascending, written to {@code out} (room for n);
     * returns their count. NaN keys never pass. The router's filter before it sorts its nearest cells.
     */
    int indexesAtMost(float[] keys, int n, float threshold, int[] out);

    /** Floats per vector register: row runs that start and end on a multiple of it run at full speed. */
    default int lanes() { return pruneQuantum() / 4; }

    /**
     * ADSampling's row tail: {@code head + l2(q, qOff, s, off, n)}, bit-identical to that expression,
     * or +infinity as soon as a check fails. Every {@code step} elements (step a multiple of 4·width)
     * the running sum head + (partial sums so far, reduced) is compared with tau · bound[qOff + done];
     * above it, the row cannot win and the scan of it stops.
     */
    float l2Pruned(float[] q, int qOff, MemorySegment s, long off, int n, int step, float head, float tau, float[] bound);

    /** The step granularity {@link #l2Pruned} needs (4 × the vector width). */
    int pruneQuantum();

    /** out = R·pad(x): the stored rotation applied to a query, bit-identical to {@link HadamardRotation#apply}. */
    void rotate(HadamardRotation rotation, float[] x, float[] out);
}
