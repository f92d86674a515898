package io.vidx.reader.kernel;

import static io.vidx.format.FormatConstants.F32;

import io.vidx.format.HadamardRotation;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels over mapped segments. Float sums use four accumulators of the preferred species
 * (FMA latency is four cycles: one accumulator would stall), chunk j of each 4L-float step going to
 * accumulator j; the accumulators are added, then halved by a fixed rearrange-and-add tree (three
 * steps for L = 8; {@code reduceLanes} would be faster to write but leaves its order unspecified),
 * and the tail is done one element at a time: exactly {@link ScalarKernels} with width L. Hamming uses
 * the lane-wise bit count, which the JMH module measured fastest on this CPU ({@link HammingVariants}).
 */
public final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> LS = LongVector.SPECIES_256;
    /** Hamming of codes narrower than 256 bits (D' = 64 or 128): one POPCNT per word. */
    private static final ScalarKernels SCALAR = new ScalarKernels(1);
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int L = S.length();

    /** The vector width L: what the scalar twin must be built with. */
    public static int width() { return L; }

    /** HALVE[k] moves lane l + (L >> (k+1)) to lane l: one step of the reduction tree. */
    private static final VectorShuffle<Float>[] HALVE = halvingShuffles();

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] halvingShuffles() {
        int steps = Integer.numberOfTrailingZeros(L);
        VectorShuffle<Float>[] out = new VectorShuffle[steps];
        for (int k = 0, w = L / 2; w >= 1; k++, w /= 2) {
            final int shift = w;
            out[k] = VectorShuffle.fromOp(S, l -> (l + shift) % L);
        }
        return out;
    }

    /** SWAP_LANES[k] swaps lanes l and l ^ 2^k: the partner of each lane in a butterfly of span 2^k &lt; L. */
    private static final VectorShuffle<Float>[] SWAP_LANES = butterflyShuffles();
    /** BUTTERFLY_SIGNS[k]: +1 in the lanes that take u + v at span 2^k, −1 in those that take u − v. */
    private static final FloatVector[] BUTTERFLY_SIGNS = butterflySigns();

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] butterflyShuffles() {
        VectorShuffle<Float>[] out = new VectorShuffle[Integer.numberOfTrailingZeros(L)];
        for (int k = 0; k < out.length; k++) {
            final int h = 1 << k;
            out[k] = VectorShuffle.fromOp(S, l -> l ^ h);
        }
        return out;
    }

    private static FloatVector[] butterflySigns() {
        FloatVector[] out = new FloatVector[Integer.numberOfTrailingZeros(L)];
        for (int k = 0; k < out.length; k++) {
            float[] f = new float[L];
            for (int l = 0; l < L; l++) f[l] = (l & (1 << k)) == 0 ? 1f : -1f;
            out[k] = FloatVector.fromArray(S, f, 0);
        }
        return out;
    }

    @Override
    public String name() { return "vector-" + S.vectorBitSize(); }

    /**
     * The common code widths (256, 512 and 1024 bits) keep the query's words in registers across the
     * rows; measured in place over debian-minilm's cells at 512 bits: 8.6 → 5.4 ns per row (medians of
     * 50 passes) against loading them again for every row, as the general loop does.
     */
    @Override
    public void hamming(long[] q, MemorySegment codes, long fromRow, int count, int[] out) {
        switch (q.length) {
            case 4 -> hamming256(q, codes, fromRow, count, out);
            case 8 -> hamming512(q, codes, fromRow, count, out);
            case 16 -> hamming1024(q, codes, fromRow, count, out);
            default -> {
                if (q.length % 4 == 0) hammingAnyWidth(q, codes, fromRow, count, out);
                else SCALAR.hamming(q, codes, fromRow, count, out);
            }
        }
    }

    private static LongVector differingBits(LongVector q, MemorySegment codes, long off) {
        return q.lanewise(VectorOperators.XOR, LongVector.fromMemorySegment(LS, codes, off, LE)).lanewise(VectorOperators.BIT_COUNT);
    }

    private static void hamming256(long[] q, MemorySegment codes, long fromRow, int count, int[] out) {
        LongVector q0 = LongVector.fromArray(LS, q, 0);
        long off = fromRow * 32;
        for (int i = 0; i < count; i++, off += 32) out[i] = (int) differingBits(q0, codes, off).reduceLanes(VectorOperators.ADD);
    }

    private static void hamming512(long[] q, MemorySegment codes, long fromRow, int count, int[] out) {
        LongVector q0 = LongVector.fromArray(LS, q, 0), q1 = LongVector.fromArray(LS, q, 4);
        long off = fromRow * 64;
        for (int i = 0; i < count; i++, off += 64) {
            out[i] = (int) differingBits(q0, codes, off).add(differingBits(q1, codes, off + 32)).reduceLanes(VectorOperators.ADD);
        }
    }

    private static void hamming1024(long[] q, MemorySegment codes, long fromRow, int count, int[] out) {
        LongVector q0 = LongVector.fromArray(LS, q, 0), q1 = LongVector.fromArray(LS, q, 4);
        LongVector q2 = LongVector.fromArray(LS, q, 8), q3 = LongVector.fromArray(LS, q, 12);
        long off = fromRow * 128;
        for (int i = 0; i < count; i++, off += 128) {
            out[i] = (int) differingBits(q0, codes, off).add(differingBits(q1, codes, off + 32))
                    .add(differingBits(q2, codes, off + 64)).add(differingBits(q3, codes, off + 96)).reduceLanes(VectorOperators.ADD);
        }
    }

    private static void hammingAnyWidth(long[] q, MemorySegment codes, long fromRow, int count, int[] out) {
        int words = q.length;
        long rowBytes = 8L * words, off = fromRow * rowBytes;
        for (int i = 0; i < count; i++, off += rowBytes) {
            LongVector acc = LongVector.zero(LS);
            for (int w = 0; w < words; w += 4) acc = acc.add(differingBits(LongVector.fromArray(LS, q, w), codes, off + 8L * w));
            out[i] = (int) acc.reduceLanes(VectorOperators.ADD);
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
        // The same summation order as l2Pruned, but its own loop: routed through l2Pruned with no check
        // and a null bound, C2's profiled loop predication hoisted the (never reached) bound[] range check
        // out of the loop, so every call here failed it: ~100 deoptimize-recompile cycles, the exact tier
        // at 400-600 QPS for its first ~10 s instead of ~2,300 (measured; -XX:-UseProfiledLoopPredicate
        // removed the slow phase too).
        int quantum = 4 * L, body = n - n % quantum;
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        for (int i = 0; i < body; i += quantum) {
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
        return l2Remainder(q, qOff, s, off, body, n, sumLanesOf(a0, a1, a2, a3));
    }

    /** Adds the squared differences of elements [from, n) to {@code sum}, one at a time. */
    private static float l2Remainder(float[] q, int qOff, MemorySegment s, long off, int from, int n, float sum) {
        for (int i = from; i < n; i++) {
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

    @Override
    public void pdxVertical(boolean l2, float[] q, MemorySegment s, long off, int rows, int dims, float[] acc) {
        int body = rows - rows % L;
        for (int j = 0; j < body; j += L) { // one accumulator per L rows, kept in a register across all dims
            FloatVector a = FloatVector.fromArray(S, acc, j);
            long o = off + 4L * j;
            for (int d = 0; d < dims; d++, o += 4L * rows) {
                FloatVector x = FloatVector.fromMemorySegment(S, s, o, LE);
                if (l2) {
                    FloatVector diff = FloatVector.broadcast(S, q[d]).sub(x);
                    a = diff.fma(diff, a);
                } else {
                    a = FloatVector.broadcast(S, q[d]).fma(x, a);
                }
            }
            a.intoArray(acc, j);
        }
        ScalarKernels.pdxVerticalRows(l2, q, s, off, rows, dims, acc, body);
    }

    /**
     * L rows per compare; the mask is almost always empty (about 1% of rows survive on debian-minilm), so
     * the loop is loads, three lane-wise operations and a compare. Measured against the scalar test loop
     * in the exact tier: see docs/benchmarks.md.
     */
    @Override
    public int survivors(float[] dots, int at, float[] norms, int normAt, int n, float head, float cut, int[] out, int outAt) {
        int body = n - n % L;
        FloatVector h = FloatVector.broadcast(S, head);
        for (int j = 0; j < body; j += L) {
            FloatVector partial = h.add(FloatVector.fromArray(S, norms, normAt + j)).sub(FloatVector.fromArray(S, dots, at + j).mul(2f));
            for (long bits = partial.compare(VectorOperators.LE, cut).toLong(); bits != 0; bits &= bits - 1) {
                out[outAt++] = at + j + Long.numberOfTrailingZeros(bits);
            }
        }
        return ScalarKernels.survivorsFrom(dots, at, norms, normAt, n, head, cut, out, outAt, body);
    }

    /**
     * Compare masks gathered 64 keys to a word, then the word's set bits drained: one hard-to-predict loop
     * exit per 64 keys rather than per vector or per key. For 980 router keys with about 120 passing:
     * 1.1 µs, against 1.7 for a drain per vector and 3.4 for the branch-free scalar loop it replaced
     * (docs/benchmarks.md).
     */
    @Override
    public int indexesAtMost(float[] keys, int n, float threshold, int[] out) {
        int count = 0, i = 0;
        for (; i + 64 <= n; i += 64) {
            long bits = 0;
            for (int k = 0; k < 64; k += L) bits |= FloatVector.fromArray(S, keys, i + k).compare(VectorOperators.LE, threshold).toLong() << k;
            for (; bits != 0; bits &= bits - 1) out[count++] = i + Long.numberOfTrailingZeros(bits);
        }
        return ScalarKernels.indexesAtMostFrom(keys, n, threshold, out, count, i);
    }

    private static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
    private static final VectorSpecies<Short> S16 = ShortVector.SPECIES_256;
    private static final VectorSpecies<Integer> I8 = IntVector.SPECIES_256;
    /** Subquantizers summed in u16 lanes before a flush to int: 256 · 255 still fits 16 unsigned bits. */
    private static final int U16_GROUPS = 256;

    /**
     * Each group's 16-entry table sits in one 128-bit register and a byte shuffle ({@code selectFrom},
     * PSHUFB) looks up 16 vectors' codes at once, low nibbles then high nibbles; the bytes are
     * zero-extended to 16-bit lanes and summed there (u8 tables, u16 accumulation, as FAISS does).
     */
    @Override
    public void fastScan(MemorySegment codes, long off, int m, byte[] lut, int[] out) {
        java.util.Arrays.fill(out, 0, 32, 0);
        for (int g0 = 0; g0 < m; g0 += U16_GROUPS) {
            ShortVector lo = ShortVector.zero(S16), hi = lo;
            for (int g = g0, end = Math.min(m, g0 + U16_GROUPS); g < end; g++) {
                ByteVector c = ByteVector.fromMemorySegment(B16, codes, off + 16L * g, LE);
                ByteVector table = ByteVector.fromArray(B16, lut, 16 * g);
                ByteVector low = c.and((byte) 0x0F).selectFrom(table);
                ByteVector high = c.lanewise(VectorOperators.LSHR, 4).selectFrom(table);
                lo = lo.add((ShortVector) low.convertShape(VectorOperators.ZERO_EXTEND_B2S, S16, 0));
                hi = hi.add((ShortVector) high.convertShape(VectorOperators.ZERO_EXTEND_B2S, S16, 0));
            }
            for (int part = 0; part < 2; part++) { // u16 lanes to int, unsigned
                IntVector.fromArray(I8, out, 8 * part).add((IntVector) lo.convertShape(VectorOperators.ZERO_EXTEND_S2I, I8, part)).intoArray(out, 8 * part);
                IntVector.fromArray(I8, out, 16 + 8 * part).add((IntVector) hi.convertShape(VectorOperators.ZERO_EXTEND_S2I, I8, part)).intoArray(out, 16 + 8 * part);
            }
        }
    }

    /**
     * Register blocking as in {@link #pdxDotTile}, in two shapes: runs of 4L rows go against two queries
     * at a time (eight accumulators fed by four loads and two broadcasts per eight FMAs), runs of 2L rows
     * against four queries at a time (eight accumulators, two loads and four broadcasts per eight FMAs);
     * rows past those go L at a time, then one by one (the scalar twin). The router lays out blocks 2L
     * wide for tiles of queries: with AVX2 (L = 8) a block's 384 dims then take 24 KB, one cache line per
     * dim, and stay in L1 while every query of the route tile passes over them (over debian-minilm's 980
     * centroids, 10.9 against 13.2 µs per query with 4L blocks, one JVM, interleaved; 147 against 168 µs
     * over the 1M set's 4,000 × 1024; JMH's smaller probe could not tell the two apart,
     * docs/benchmarks.md). Other lane counts were not measured. A single query keeps 4L blocks: it has only
     * its own chains to overlap, and four beat two. The 4L shape repeats {@link #pdxDotTile}'s loop over a
     * heap array instead of a mapped segment: one loop fed both kinds would make its segment loads
     * polymorphic, which had cost the mapped-segment kernels 3x (see FunnelSearch.ScanTerms).
     */
    @Override
    public void dotColumns(float[][] qs, int count, float[] cols, int off, int width, int dims, float[] out) {
        int j = 0;
        for (; j + 4 * L <= width; j += 4 * L) dotColumnsFourWide(qs, count, cols, off, width, dims, out, j);
        for (; j + 2 * L <= width; j += 2 * L) dotColumnsTwoWide(qs, count, cols, off, width, dims, out, j);
        for (; j + L <= width; j += L) {
            for (int t = 0; t < count; t++) {
                FloatVector a = FloatVector.zero(S);
                for (int d = 0, p = off + j; d < dims; d++, p += width) a = FloatVector.broadcast(S, qs[t][d]).fma(FloatVector.fromArray(S, cols, p), a);
                a.intoArray(out, t * width + j);
            }
        }
        ScalarKernels.dotColumnsFrom(qs, count, cols, off, width, dims, out, j);
    }

    /** Rows [j, j + 4L): two queries at a time, then the odd one. */
    private static void dotColumnsFourWide(float[][] qs, int count, float[] cols, int off, int width, int dims, float[] out, int j) {
        int t = 0;
        for (; t + 1 < count; t += 2) {
            float[] qa = qs[t], qb = qs[t + 1];
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            for (int d = 0, p = off + j; d < dims; d++, p += width) {
                FloatVector x0 = FloatVector.fromArray(S, cols, p), x1 = FloatVector.fromArray(S, cols, p + L);
                FloatVector x2 = FloatVector.fromArray(S, cols, p + 2 * L), x3 = FloatVector.fromArray(S, cols, p + 3 * L);
                FloatVector u = FloatVector.broadcast(S, qa[d]);
                a0 = u.fma(x0, a0); a1 = u.fma(x1, a1); a2 = u.fma(x2, a2); a3 = u.fma(x3, a3);
                FloatVector w = FloatVector.broadcast(S, qb[d]);
                b0 = w.fma(x0, b0); b1 = w.fma(x1, b1); b2 = w.fma(x2, b2); b3 = w.fma(x3, b3);
            }
            int ra = t * width + j, rb = ra + width;
            a0.intoArray(out, ra); a1.intoArray(out, ra + L); a2.intoArray(out, ra + 2 * L); a3.intoArray(out, ra + 3 * L);
            b0.intoArray(out, rb); b1.intoArray(out, rb + L); b2.intoArray(out, rb + 2 * L); b3.intoArray(out, rb + 3 * L);
        }
        if (t < count) {
            float[] q = qs[t];
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            for (int d = 0, p = off + j; d < dims; d++, p += width) {
                FloatVector u = FloatVector.broadcast(S, q[d]);
                a0 = u.fma(FloatVector.fromArray(S, cols, p), a0); a1 = u.fma(FloatVector.fromArray(S, cols, p + L), a1);
                a2 = u.fma(FloatVector.fromArray(S, cols, p + 2 * L), a2); a3 = u.fma(FloatVector.fromArray(S, cols, p + 3 * L), a3);
            }
            int ra = t * width + j;
            a0.intoArray(out, ra); a1.intoArray(out, ra + L); a2.intoArray(out, ra + 2 * L); a3.intoArray(out, ra + 3 * L);
        }
    }

    /** Rows [j, j + 2L): four queries at a time, then the rest one by one. */
    private static void dotColumnsTwoWide(float[][] qs, int count, float[] cols, int off, int width, int dims, float[] out, int j) {
        int t = 0;
        for (; t + 3 < count; t += 4) {
            float[] qa = qs[t], qb = qs[t + 1], qc = qs[t + 2], qd = qs[t + 3];
            FloatVector a0 = FloatVector.zero(S), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0;
            for (int d = 0, p = off + j; d < dims; d++, p += width) {
                FloatVector x0 = FloatVector.fromArray(S, cols, p), x1 = FloatVector.fromArray(S, cols, p + L);
                FloatVector u = FloatVector.broadcast(S, qa[d]);
                a0 = u.fma(x0, a0); a1 = u.fma(x1, a1);
                u = FloatVector.broadcast(S, qb[d]);
                b0 = u.fma(x0, b0); b1 = u.fma(x1, b1);
                u = FloatVector.broadcast(S, qc[d]);
                c0 = u.fma(x0, c0); c1 = u.fma(x1, c1);
                u = FloatVector.broadcast(S, qd[d]);
                d0 = u.fma(x0, d0); d1 = u.fma(x1, d1);
            }
            int r = t * width + j;
            a0.intoArray(out, r); a1.intoArray(out, r + L);
            b0.intoArray(out, r + width); b1.intoArray(out, r + width + L);
            c0.intoArray(out, r + 2 * width); c1.intoArray(out, r + 2 * width + L);
            d0.intoArray(out, r + 3 * width); d1.intoArray(out, r + 3 * width + L);
        }
        for (; t < count; t++) {
            float[] q = qs[t];
            FloatVector a0 = FloatVector.zero(S), a1 = a0;
            for (int d = 0, p = off + j; d < dims; d++, p += width) {
                FloatVector u = FloatVector.broadcast(S, q[d]);
                a0 = u.fma(FloatVector.fromArray(S, cols, p), a0); a1 = u.fma(FloatVector.fromArray(S, cols, p + L), a1);
            }
            a0.intoArray(out, t * width + j); a1.intoArray(out, t * width + j + L);
        }
    }

    /**
     * Register blocking: 4L rows (four vectors) against two queries at a time keeps 8 accumulators and 4
     * loaded vectors in registers (16 on AVX2), so each loaded vector feeds two FMAs; the block's
     * vertical part stays in L1 across the tile's query pairs. Measured at 38 G multiply-adds/s on one
     * core here (about 80% of the AVX2 FMA peak); copying the block to a heap array first measured 15%
     * slower, and three queries at a time (12 accumulators) spilled registers and ran at half speed.
     */
    @Override
    public void pdxDotTile(float[][] qs, int count, MemorySegment s, long off, int rowsPerDim, int rows, int dims, float[] dots, float[] norms) {
        long stride = 4L * rowsPerDim;
        int wide = rows - rows % (4 * L);
        for (int j = 0; j < wide; j += 4 * L) {
            long o = off + 4L * j;
            int t = 0;
            for (; t + 1 < count; t += 2) {
                float[] qa = qs[t], qb = qs[t + 1];
                FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
                long p = o;
                for (int d = 0; d < dims; d++, p += stride) {
                    FloatVector x0 = FloatVector.fromMemorySegment(S, s, p, LE), x1 = FloatVector.fromMemorySegment(S, s, p + 4L * L, LE);
                    FloatVector x2 = FloatVector.fromMemorySegment(S, s, p + 8L * L, LE), x3 = FloatVector.fromMemorySegment(S, s, p + 12L * L, LE);
                    FloatVector u = FloatVector.broadcast(S, qa[d]);
                    a0 = u.fma(x0, a0); a1 = u.fma(x1, a1); a2 = u.fma(x2, a2); a3 = u.fma(x3, a3);
                    FloatVector w = FloatVector.broadcast(S, qb[d]);
                    b0 = w.fma(x0, b0); b1 = w.fma(x1, b1); b2 = w.fma(x2, b2); b3 = w.fma(x3, b3);
                }
                int ra = t * rows + j, rb = ra + rows;
                a0.intoArray(dots, ra); a1.intoArray(dots, ra + L); a2.intoArray(dots, ra + 2 * L); a3.intoArray(dots, ra + 3 * L);
                b0.intoArray(dots, rb); b1.intoArray(dots, rb + L); b2.intoArray(dots, rb + 2 * L); b3.intoArray(dots, rb + 3 * L);
            }
            if (t < count) dotRun(qs[t], s, o, stride, dims, dots, t * rows + j);
            squaresRun(s, o, stride, dims, norms, j);
        }
        for (int j = wide; j + L <= rows; j += L) { // whole vectors left over (short cell runs): four queries at a time
            long o = off + 4L * j;
            int t = 0;
            for (; t + 3 < count; t += 4) {
                float[] q0 = qs[t], q1 = qs[t + 1], q2 = qs[t + 2], q3 = qs[t + 3];
                FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
                long p = o;
                for (int d = 0; d < dims; d++, p += stride) {
                    FloatVector x = FloatVector.fromMemorySegment(S, s, p, LE);
                    a0 = FloatVector.broadcast(S, q0[d]).fma(x, a0);
                    a1 = FloatVector.broadcast(S, q1[d]).fma(x, a1);
                    a2 = FloatVector.broadcast(S, q2[d]).fma(x, a2);
                    a3 = FloatVector.broadcast(S, q3[d]).fma(x, a3);
                }
                a0.intoArray(dots, t * rows + j); a1.intoArray(dots, (t + 1) * rows + j);
                a2.intoArray(dots, (t + 2) * rows + j); a3.intoArray(dots, (t + 3) * rows + j);
            }
            for (; t < count; t++) {
                FloatVector a = FloatVector.zero(S);
                long p = o;
                for (int d = 0; d < dims; d++, p += stride) a = FloatVector.broadcast(S, qs[t][d]).fma(FloatVector.fromMemorySegment(S, s, p, LE), a);
                a.intoArray(dots, t * rows + j);
            }
            FloatVector n = FloatVector.zero(S);
            long p = o;
            for (int d = 0; d < dims; d++, p += stride) {
                FloatVector x = FloatVector.fromMemorySegment(S, s, p, LE);
                n = x.fma(x, n);
            }
            n.intoArray(norms, j);
        }
        // the last rows % L rows, element by element
        ScalarKernels.pdxDotTileRows(qs, count, s, off, rowsPerDim, rows, dims, dots, norms, rows - rows % L);
    }

    /** 4L rows from {@code o} (next dimension {@code stride} bytes on) against one query: into out[at .. at + 4L). */
    private static void dotRun(float[] q, MemorySegment s, long o, long stride, int dims, float[] out, int at) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        for (int d = 0; d < dims; d++, o += stride) {
            FloatVector u = FloatVector.broadcast(S, q[d]);
            a0 = u.fma(FloatVector.fromMemorySegment(S, s, o, LE), a0);
            a1 = u.fma(FloatVector.fromMemorySegment(S, s, o + 4L * L, LE), a1);
            a2 = u.fma(FloatVector.fromMemorySegment(S, s, o + 8L * L, LE), a2);
            a3 = u.fma(FloatVector.fromMemorySegment(S, s, o + 12L * L, LE), a3);
        }
        a0.intoArray(out, at); a1.intoArray(out, at + L); a2.intoArray(out, at + 2 * L); a3.intoArray(out, at + 3 * L);
    }

    /** Squared norms of 4L rows from {@code o}: into out[at .. at + 4L). */
    private static void squaresRun(MemorySegment s, long o, long stride, int dims, float[] out, int at) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        for (int d = 0; d < dims; d++, o += stride) {
            FloatVector x0 = FloatVector.fromMemorySegment(S, s, o, LE), x1 = FloatVector.fromMemorySegment(S, s, o + 4L * L, LE);
            FloatVector x2 = FloatVector.fromMemorySegment(S, s, o + 8L * L, LE), x3 = FloatVector.fromMemorySegment(S, s, o + 12L * L, LE);
            a0 = x0.fma(x0, a0); a1 = x1.fma(x1, a1); a2 = x2.fma(x2, a2); a3 = x3.fma(x3, a3);
        }
        a0.intoArray(out, at); a1.intoArray(out, at + L); a2.intoArray(out, at + 2 * L); a3.intoArray(out, at + 3 * L);
    }

    @Override
    public float l2Pruned(float[] q, int qOff, MemorySegment s, long off, int n, int step, float head, float tau, float[] bound) {
        int quantum = 4 * L, body = n - n % quantum;
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        // Runs of whole quanta up to each check (a running target, not i % step, which would put an integer
        // division into every iteration), then one reduction that serves both the check and the end. With a
        // second reduction after the loop, C2 judged that call site cold, did not inline it, and boxed the
        // four vectors to pass them: about 240 bytes of garbage per finished row, a young GC every 0.7 s in
        // the exact tier (JFR allocation samples, -XX:+PrintInlining "too big").
        for (long check = step; ; check += step) {
            for (int stop = (int) Math.min(check, body); i < stop; i += quantum) {
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
            if (i == check && i < n && head + sum > tau * bound[qOff + i]) return Float.POSITIVE_INFINITY;
            if (i == body) return head + l2Remainder(q, qOff, s, off, body, n, sum);
        }
    }

    @Override
    public int pruneQuantum() { return 4 * L; }

    @Override
    public void rotate(HadamardRotation rotation, float[] x, float[] out) {
        int n = rotation.paddedDim(), dim = rotation.dim(); // n is a multiple of 64, so of L
        System.arraycopy(x, 0, out, 0, dim);
        java.util.Arrays.fill(out, dim, n, 0f);
        float scale = rotation.scale();
        for (int r = 0; r < rotation.rounds(); r++) {
            float[] signs = rotation.signFactors(r);
            // Sign flips and the butterflies of span below L, vector by vector: a span-h butterfly is
            // v · (+1 | −1) + (v with lanes l and l ^ h swapped), which is u + v in the low lane and
            // u − v in the high one, bit for bit (both products are exact). Scalar, these stages took
            // most of the rotation (measured).
            for (int i = 0; i < n; i += L) {
                FloatVector v = FloatVector.fromArray(S, out, i).mul(FloatVector.fromArray(S, signs, i));
                for (int k = 0; k < SWAP_LANES.length; k++) v = v.mul(BUTTERFLY_SIGNS[k]).add(v.rearrange(SWAP_LANES[k]));
                v.intoArray(out, i);
            }
            for (int h = L; h < n; h <<= 1) { // butterflies across vectors: same u + v, u - v per element
                for (int i = 0; i < n; i += h << 1) {
                    for (int j = i; j < i + h; j += L) {
                        FloatVector u = FloatVector.fromArray(S, out, j), v = FloatVector.fromArray(S, out, j + h);
                        u.add(v).intoArray(out, j);
                        u.sub(v).intoArray(out, j + h);
                    }
                }
            }
            for (int i = 0; i < n; i += L) FloatVector.fromArray(S, out, i).mul(scale).intoArray(out, i);
        }
    }

    /** The four accumulators reduced as {@link ScalarKernels#reduce} defines. */
    private static float sumLanesOf(FloatVector a0, FloatVector a1, FloatVector a2, FloatVector a3) {
        FloatVector v = a0.add(a1).add(a2).add(a3);
        for (VectorShuffle<Float> h : HALVE) v = v.add(v.rearrange(h));
        return v.lane(0);
    }
}
