package io.vidx.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * The roofs the kernels are judged against, measured on this machine: streaming read bandwidth from
 * DRAM (a 512 MiB array summed: bytes / time) and the scalar POPCNT rate from L1 (a 16 KiB array).
 * Report: GB/s = 8 B / (ns per long); popcounts/s = 1 / (ns per long).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
public class RoofBench {
    static final int DRAM_LONGS = 64 << 20; // 512 MiB
    static final int L1_LONGS = 2048;       // 16 KiB

    long[] big;
    long[] small;

    @Setup
    public void setup() {
        big = new long[DRAM_LONGS];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < big.length; i++) big[i] = r.nextLong();
        small = java.util.Arrays.copyOf(big, L1_LONGS);
    }

    /** ns per long read streaming from DRAM. */
    @Benchmark
    @OperationsPerInvocation(DRAM_LONGS)
    public long dramStreamRead() {
        long s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int i = 0; i < big.length; i += 4) {
            s0 += big[i];
            s1 += big[i + 1];
            s2 += big[i + 2];
            s3 += big[i + 3];
        }
        return s0 + s1 + s2 + s3;
    }

    /** ns per Long.bitCount on L1-resident words. */
    @Benchmark
    @OperationsPerInvocation(L1_LONGS)
    public long popcntL1() {
        long s0 = 0, s1 = 0;
        for (int i = 0; i < small.length; i += 2) {
            s0 += Long.bitCount(small[i]);
            s1 += Long.bitCount(small[i + 1]);
        }
        return s0 + s1;
    }
}
