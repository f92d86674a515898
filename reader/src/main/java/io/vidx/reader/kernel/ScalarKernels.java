package io.vidx.reader.kernel;

import static io.vidx.format.FormatConstants.F32;

import io.vidx.format.HadamardRotation;
import java.lang.foreign.MemorySegment;

/**
 * Plain-loop kernels: the reference the vector kernels are held to, bit for bit. A float sum over n
 * elements with vector width L is defined as: 4L partial sums p[0..4L), element i (i below the
 * largest multiple of 4L) fused-multiply-added into p[i mod 4L]; then v[l] = ((p[l] + p[L+l]) +
 * p[2L+l]) + p[3L+l]; then a halving tree: for w = L/2, L/4, .., 1, v[l] = v[l] + v[l+w]; the
 * result v[0]; then the tail elements fused-multiply-added one at a time. With L = 1 it is four
 * interleaved partial sums.
 */
public final class ScalarKernels implements Kernels {
    private final int width;
    private final int lanes;

    /** @param width the vector width L (floats per vector) whose summation order to follow: a power of two */
    public ScalarKernels(int width) {
        if (width < 1 || Integer.bitCount(width) != 1) throw new IllegalArgumentException("width must be a power of two, got " + width);
        this.width = width;
        this.lanes = 4 * width;
    }

    @Override
    public String name() { return "scalar"; }

    @Override
    public void hamming(long[] q, MemorySegment codes, long fromRow, int count, int[] out) {
        int words = q.length;
        long off = fromRow * 8L * words;
        for (int i = 0; i < count; i++, off += 8L * words) {
            int d = 0;
            for (int w = 0; w < words; w++) d += Long.bitCount(q[w] ^ codes.get(io.vidx.format.FormatConstants.I64, off + 8L * w));
            out[i] = d;
        }
    }

    @Override
    public float dot(float[] q, int qOff, MemorySegment s, long off, int n) {
        float[] acc = new float[lanes];
        int body = n - n % lanes;
        for (int i = 0; i < body; i++) acc[i % lanes] = Math.fma(q[qOff + i], s.get(F32, off + 4L * i), acc[i % lanes]);
        float sum = reduce(acc, width);
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
        float sum = reduce(acc, width);
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

    @Override
    public void pdxVertical(boolean l2, float[] q, MemorySegment s, long off, int rows, int dims, float[] acc) {
        pdxVerticalRows(l2, q, s, off, rows, dims, acc, 0);
    }

    @Override
    public int survivors(float[] dots, int at, float[] norms, int normAt, int n, float head, float cut, int[] out, int outAt) {
        return survivorsFrom(dots, at, norms, normAt, n, head, cut, out, outAt, 0);
    }

    /** {@link #survivors} for rows [from, n) only: also the vector kernel's remainder past its last whole vector. */
    static int survivorsFrom(float[] dots, int at, float[] norms, int normAt, int n, float head, float cut, int[] out, int outAt, int from) {
        for (int j = from; j < n; j++) {
            if (head + norms[normAt + j] - 2f * dots[at + j] <= cut) out[outAt++] = at + j;
        }
        return outAt;
    }

    @Override
    public int indexesAtMost(float[] keys, int n, float threshold, int[] out) {
        return indexesAtMostFrom(keys, n, threshold, out, 0, 0);
    }

    /** {@link #indexesAtMost} for keys [from, n), appended to out from {@code count}: also the vector kernel's remainder. */
    static int indexesAtMostFrom(float[] keys, int n, float threshold, int[] out, int count, int from) {
        for (int i = from; i < n; i++) if (keys[i] <= threshold) out[count++] = i;
        return count;
    }

    /** {@link #pdxVertical} for rows [from, rows) only: also the vector kernel's remainder past its last whole vector. */
    static void pdxVerticalRows(boolean l2, float[] q, MemorySegment s, long off, int rows, int dims, float[] acc, int from) {
        for (int d = 0; d < dims; d++) {
            long base = off + 4L * d * rows;
            for (int j = from; j < rows; j++) {
                float x = s.get(F32, base + 4L * j);
                if (l2) {
                    float diff = q[d] - x;
                    acc[j] = Math.fma(diff, diff, acc[j]);
                } else {
                    acc[j] = Math.fma(q[d], x, acc[j]);
                }
            }
        }
    }

    @Override
    public void fastScan(MemorySegment codes, long off, int m, byte[] lut, int[] out) {
        for (int j = 0; j < 32; j++) {
            int sum = 0;
            for (int g = 0; g < m; g++) {
                int b = codes.get(java.lang.foreign.ValueLayout.JAVA_BYTE, off + 16L * g + (j & 15)) & 0xFF;
                int code = j < 16 ? b & 0x0F : b >>> 4;
                sum += lut[16 * g + code] & 0xFF;
            }
            out[j] = sum;
        }
    }

    @Override
    public void dotColumns(float[][] qs, int count, float[] cols, int off, int width, int dims, float[] out) {
        dotColumnsFrom(qs, count, cols, off, width, dims, out, 0);
    }

    /** {@link #dotColumns} for rows [from, width) only: also the vector kernel's remainder. */
    static void dotColumnsFrom(float[][] qs, int count, float[] cols, int off, int width, int dims, float[] out, int from) {
        for (int t = 0; t < count; t++) {
            for (int j = from; j < width; j++) {
                float dot = 0f;
                for (int d = 0; d < dims; d++) dot = Math.fma(qs[t][d], cols[off + d * width + j], dot);
                out[t * width + j] = dot;
            }
        }
    }

    @Override
    public void pdxDotTile(float[][] qs, int count, MemorySegment s, long off, int stride, int rows, int dims, float[] dots, float[] norms) {
        pdxDotTileRows(qs, count, s, off, stride, rows, dims, dots, norms, 0);
    }

    /** {@link #pdxDotTile} for rows [from, rows) only: also the vector kernel's remainder past its last whole vector. */
    static void pdxDotTileRows(float[][] qs, int count, MemorySegment s, long off, int stride, int rows, int dims, float[] dots, float[] norms, int from) {
        for (int j = from; j < rows; j++) {
            float norm = 0f;
            for (int d = 0; d < dims; d++) {
                float x = s.get(F32, off + 4L * ((long) d * stride + j));
                norm = Math.fma(x, x, norm);
            }
            norms[j] = norm;
            for (int t = 0; t < count; t++) {
                float dot = 0f;
                for (int d = 0; d < dims; d++) dot = Math.fma(qs[t][d], s.get(F32, off + 4L * ((long) d * stride + j)), dot);
                dots[t * rows + j] = dot;
            }
        }
    }

    @Override
    public float l2Pruned(float[] q, int qOff, MemorySegment s, long off, int n, int step, float head, float tau, float[] bound) {
        float[] acc = new float[lanes];
        int body = n - n % lanes;
        for (int i = 0; i < body; i++) {
            float d = q[qOff + i] - s.get(F32, off + 4L * i);
            acc[i % lanes] = Math.fma(d, d, acc[i % lanes]);
            int done = i + 1;
            if (done % step == 0 && done < n && head + reduce(acc, width) > tau * bound[qOff + done]) return Float.POSITIVE_INFINITY;
        }
        float sum = reduce(acc, width);
        for (int i = body; i < n; i++) {
            float d = q[qOff + i] - s.get(F32, off + 4L * i);
            sum = Math.fma(d, d, sum);
        }
        return head + sum;
    }

    @Override
    public int pruneQuantum() { return lanes; }

    @Override
    public void rotate(HadamardRotation rotation, float[] x, float[] out) {
        rotation.apply(x, out);
    }

    /** The 4L partial sums reduced as the class comment defines. */
    static float reduce(float[] p, int width) {
        float[] v = new float[width];
        for (int l = 0; l < width; l++) v[l] = ((p[l] + p[width + l]) + p[2 * width + l]) + p[3 * width + l];
        for (int w = width / 2; w >= 1; w /= 2) for (int l = 0; l < w; l++) v[l] = v[l] + v[l + w];
        return v[0];
    }
}
