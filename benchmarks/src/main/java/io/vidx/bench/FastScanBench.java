package io.vidx.bench;

import io.vidx.reader.kernel.Kernels;
import io.vidx.reader.kernel.ScalarKernels;
import io.vidx.reader.kernel.VectorKernels;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * PQ4 fast-scan over a cell's worth of blocks (BLOCKS × 32 vectors, L2-resident, in a native segment as
 * mapped data is): ns per vector for the byte-shuffle kernel and its scalar twin, per subquantizer
 * count M. Code bytes/s = (M / 2) / (ns per vector).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FastScanBench {
    /** D'/8, D'/4, D'/2 for D' = 512. */
    @Param({"64", "128", "256"})
    int m;

    static final int BLOCKS = 8;
    Arena arena;
    MemorySegment codes;
    byte[] lut;
    int[] out = new int[32];
    final Kernels vector = new VectorKernels();
    final Kernels scalar = new ScalarKernels(VectorKernels.width());

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(4);
        arena = Arena.ofConfined();
        codes = arena.allocate(16L * m * BLOCKS, 64);
        for (long i = 0; i < 16L * m * BLOCKS; i++) codes.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt(256));
        lut = new byte[16 * m];
        for (int i = 0; i < lut.length; i++) lut[i] = (byte) r.nextInt(256);
    }

    @TearDown
    public void tearDown() { arena.close(); }

    @Benchmark
    @OperationsPerInvocation(32 * BLOCKS)
    public int vector() {
        int s = 0;
        for (int b = 0; b < BLOCKS; b++) {
            vector.fastScan(codes, 16L * m * b, m, lut, out);
            s += out[b];
        }
        return s;
    }

    @Benchmark
    @OperationsPerInvocation(32 * BLOCKS)
    public int scalarTwin() {
        int s = 0;
        for (int b = 0; b < BLOCKS; b++) {
            scalar.fastScan(codes, 16L * m * b, m, lut, out);
            s += out[b];
        }
        return s;
    }
}
