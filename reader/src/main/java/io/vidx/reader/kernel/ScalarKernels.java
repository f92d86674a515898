package io.vidx.reader.kernel;

import static io.vidx.format.FormatConstants.F32;

import java.lang.foreign.MemorySegment;

/**
 * Plain-loop kernels: the reference the vector kernels are held to. Float sums follow the vector
 * kernels' order exactly: {@code lanes} partial sums (element i goes to partial sum i mod lanes, by
 * fused multiply-add) over the largest multiple of lanes, the partial sums added in index order, then
 * the tail one element at a time. With lanes = 1 this is the textbook sequential loop; the vector
 * kernels' twin has lanes = 4 accumulators × the species' lane count.
 */
public final class ScalarKernels implements Kernels {
    private final int lanes;

    public ScalarKernels(int lanes) {
        if (lanes < 1) throw new IllegalArgumentException("lanes < 1");
        this.lanes = lanes;
    }

    @Override
    public String name() { return "scalar"; }

    @Override
    public void hamming(long[] q, long[] codes, int count, int[] out) {
        int words = q.length;
        for (int i = 0; i < count; i++) {
            int d = 0;
            for (int w = 0; w < words; w++) d += Long.bitCount(q[w] ^ codes[i * words + w]);
            out[i] = d;
        }
    }

    @Override
    public float dot(float[] q, int qOff, MemorySegment s, long off, int n) {
        float[] acc = new float[lanes];
        int body = n - n % lanes;
        for (int i = 0; i < body; i++) acc[i % lanes] = Math.fma(q[qOff + i], s.get(F32, off + 4L * i), acc[i % lanes]);
        float sum = sumLanes(acc);
        for (int i = body; i < n; i++) sum = Math.fma(q[qOff + i], s.get(F32, off + 4L * i), sum);
        return sum;
    }

    @Override
    public float l2(float[] q, int qOff, MemorySegment s, long off, int n) {
        float[] acc = new float[lanes];
        int body = n - n % lanes;
        for (int i = 0; i < body; i++) {
            float d = q[qOff + i] - s.get(F32, off + 4L * i);
            acc[i % lanes] = Math.fma(d, d, acc[i % lanes]);
        }
        float sum = sumLanes(acc);
        for (int i = body; i < n; i++) {
            float d = q[qOff + i] - s.get(F32, off + 4L * i);
            sum = Math.fma(d, d, sum);
        }
        return sum;
    }

    @Override
    public void signBits(float[] a, MemorySegment s, long off, long[] out) {
        for (int w = 0; w < out.length; w++) {
            long word = 0;
            for (int b = 0; b < 64; b++) {
                int i = 64 * w + b;
                if (a[i] > s.get(F32, off + 4L * i)) word |= 1L << b;
            }
            out[w] = word;
        }
    }

    static float sumLanes(float[] acc) {
        float s = 0f;
        for (float v : acc) s += v;
        return s;
    }
}
