package io.vidx.bench;

import io.vidx.reader.kernel.HammingVariants;
import io.vidx.reader.kernel.VectorKernels;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Hamming scan of a block of 1-bit codes: ns per code for each popcount strategy and code width, with
 * the block sized to stay in L2 (the funnel scans one cell's codes, copied out of the mapping, at a time).
 * Bytes/s = codeBytes / (ns per code).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class HammingBench {
    /** Code width in bits (D'): 384-d embeddings pad to 512, 768/1024-d to 1024. */
    @Param({"256", "512", "1024"})
    int bits;

    /** Codes per call: a typical IVF cell. */
    static final int ROWS = 256;

    long[] q;
    long[] codes;
    int[] out;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(1);
        int words = bits / 64;
        q = new long[words];
        codes = new long[words * ROWS];
        for (int i = 0; i < words; i++) q[i] = r.nextLong();
        for (int i = 0; i < codes.length; i++) codes[i] = r.nextLong();
        out = new int[ROWS];
        arena = Arena.ofConfined();
        segment = arena.allocate(8L * codes.length, 64);
        MemorySegment.copy(codes, 0, segment, ValueLayout.JAVA_LONG_UNALIGNED, 0, codes.length);
    }

    Arena arena;
    /** The codes in native memory, as the funnel reads them from the mapping. */
    MemorySegment segment;
    final VectorKernels kernels = new VectorKernels();

    @TearDown
    public void tearDown() { arena.close(); }

    /** The production kernel ({@code Kernels.hamming}) in place over native memory, cell-sized calls. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void kernelInPlace(Blackhole bh) {
        for (int r = 0; r < ROWS; r += CELL) kernels.hamming(q, segment, r, CELL, out);
        bh.consume(out);
    }

    /** Rows per kernel call in {@link #kernelInPlace}: about a median debian-minilm cell (48). */
    static final int CELL = 64;

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void scalarPopcnt(Blackhole bh) {
        HammingVariants.scalar(q, codes, ROWS, out);
        bh.consume(out);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void laneBitCount(Blackhole bh) {
        HammingVariants.laneBitCount(q, codes, ROWS, out);
        bh.consume(out);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void nibbleLut(Blackhole bh) {
        HammingVariants.nibbleLut(q, codes, ROWS, out);
        bh.consume(out);
    }
}
