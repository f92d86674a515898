package io.vidx.bench;

import io.vidx.reader.kernel.HammingVariants;
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
    }

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
