package io.vidx.reader.kernel;

import static io.vidx.format.FormatConstants.F32;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels over mapped segments. Float sums use four accumulators of the preferred species
 * (FMA latency is four cycles: one accumulator would stall), chunk j of each 4L-float step going to
 * accumulator j; the 4L partial sums are then added in index order and the tail done one element at
 * a time: exactly {@link ScalarKernels} with lanes = 4L ({@link #sumLanes()}). Hamming stays on scalar
 * {@code Long.bitCount} (one POPCNT per word): without AVX-512 VPOPCNTDQ, a lane-wise bit count is
 * emulated; the JMH module measures the alternatives.
 */
public final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int L = S.length();

    /** Partial sums a float kernel keeps: the lane count its scalar twin must use. */
    public static int sumLanes() { return 4 * L; }

    @Override
    public String name() { return "vector-" + S.vectorBitSize(); }

    @Override
    public void hamming(long[] q, long[] codes, int count, int[] out) {
        int words = q.length;
        if (words == 8) { // 512-bit codes (D' = 512): unrolled, the common case for 257..512-d embeddings
            long q0 = q[0], q1 = q[1], q2 = q[2], q3 = q[3], q4 = q[4], q5 = q[5], q6 = q[6], q7 = q[7];
            for (int i = 0, o = 0; i < count; i++, o += 8) {
                out[i] = Long.bitCount(q0 ^ codes[o]) + Long.bitCount(q1 ^ codes[o + 1]) + Long.bitCount(q2 ^ codes[o + 2])
                        + Long.bitCount(q3 ^ codes[o + 3]) + Long.bitCount(q4 ^ codes[o + 4]) + Long.bitCount(q5 ^ codes[o + 5])
                        + Long.bitCount(q6 ^ codes[o + 6]) + Long.bitCount(q7 ^ codes[o + 7]);
            }
            return;
        }
        for (int i = 0; i < count; i++) {
            int d = 0;
            for (int w = 0; w < words; w++) d += Long.bitCount(q[w] ^ codes[i * words + w]);
            out[i] = d;
        }
    }

    @Override
    public float dot(float[] q, int qOff, MemorySegment s, long off, int n) {
        int step = 4 * L, body = n - n % step;
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        for (int i = 0; i < body; i += step) {
            long o = off + 4L * i;
            a0 = FloatVector.fromArray(S, q, qOff + i).fma(FloatVector.fromMemorySegment(S, s, o, LE), a0);
            a1 = FloatVector.fromArray(S, q, qOff + i + L).fma(FloatVector.fromMemorySegment(S, s, o + 4L * L, LE), a1);
            a2 = FloatVector.fromArray(S, q, qOff + i + 2 * L).fma(FloatVector.fromMemorySegment(S, s, o + 8L * L, LE), a2);
            a3 = FloatVector.fromArray(S, q, qOff + i + 3 * L).fma(FloatVector.fromMemorySegment(S, s, o + 12L * L, LE), a3);
        }
        float sum = sumLanesOf(a0, a1, a2, a3);
        for (int i = body; i < n; i++) sum = Math.fma(q[qOff + i], s.get(F32, off + 4L * i), sum);
        return sum;
    }

    @Override
    public float l2(float[] q, int qOff, MemorySegment s, long off, int n) {
        int step = 4 * L, body = n - n % step;
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        for (int i = 0; i < body; i += step) {
            long o = off + 4L * i;
            FloatVector d0 = FloatVector.fromArray(S, q, qOff + i).sub(FloatVector.fromMemorySegment(S, s, o, LE));
            FloatVector d1 = FloatVector.fromArray(S, q, qOff + i + L).sub(FloatVector.fromMemorySegment(S, s, o + 4L * L, LE));
            FloatVector d2 = FloatVector.fromArray(S, q, qOff + i + 2 * L).sub(FloatVector.fromMemorySegment(S, s, o + 8L * L, LE));
            FloatVector d3 = FloatVector.fromArray(S, q, qOff + i + 3 * L).sub(FloatVector.fromMemorySegment(S, s, o + 12L * L, LE));
            a0 = d0.fma(d0, a0);
            a1 = d1.fma(d1, a1);
            a2 = d2.fma(d2, a2);
            a3 = d3.fma(d3, a3);
        }
        float sum = sumLanesOf(a0, a1, a2, a3);
        for (int i = body; i < n; i++) {
            float d = q[qOff + i] - s.get(F32, off + 4L * i);
            sum = Math.fma(d, d, sum);
        }
        return sum;
    }

    @Override
    public void signBits(float[] a, MemorySegment s, long off, long[] out) {
        int perWord = 64 / L;
        for (int w = 0; w < out.length; w++) {
            long word = 0;
            for (int j = 0; j < perWord; j++) {
                int i = 64 * w + j * L;
                long mask = FloatVector.fromArray(S, a, i).compare(VectorOperators.GT, FloatVector.fromMemorySegment(S, s, off + 4L * i, LE)).toLong();
                word |= mask << (j * L);
            }
            out[w] = word;
        }
    }

    /** The 4L partial sums added in index order, as {@link ScalarKernels#sumLanes} does. */
    private static float sumLanesOf(FloatVector a0, FloatVector a1, FloatVector a2, FloatVector a3) {
        float s = 0f;
        for (int i = 0; i < L; i++) s += a0.lane(i);
        for (int i = 0; i < L; i++) s += a1.lane(i);
        for (int i = 0; i < L; i++) s += a2.lane(i);
        for (int i = 0; i < L; i++) s += a3.lane(i);
        return s;
    }
}
