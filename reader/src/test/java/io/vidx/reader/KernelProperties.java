package io.vidx.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.vidx.format.FormatConstants;
import io.vidx.reader.kernel.Kernels;
import io.vidx.reader.kernel.ScalarKernels;
import io.vidx.reader.kernel.VectorKernels;
import io.vidx.reader.search.Shortlist;
import io.vidx.reader.search.TopK;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class KernelProperties {

    @Property(tries = 300)
    void hammingEqualsBitByBitReference(@ForAll @IntRange(min = 1, max = 32) int words, @ForAll @IntRange(min = 1, max = 40) int rows,
                                        @ForAll long seed) {
        Random rnd = new Random(seed);
        long[] q = new long[words];
        long[] codes = new long[words * rows];
        for (int i = 0; i < words; i++) q[i] = rnd.nextLong();
        for (int i = 0; i < codes.length; i++) codes[i] = switch (rnd.nextInt(4)) {
            case 0 -> 0L;
            case 1 -> -1L;
            default -> rnd.nextLong();
        };
        int[] out = new int[rows], outScalar = new int[rows];
        io.vidx.reader.kernel.HammingVariants.scalar(q, codes, rows, out); // the production kernels are checked in place below, for every width
        long[] vbits = new long[words], sbits = new long[words];
        float[] a = new float[words * 64];
        MemorySegment other = MemorySegment.ofArray(new byte[words * 64 * 4]);
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextInt(3) - 1;
            other.set(FormatConstants.F32, 4L * i, rnd.nextInt(3) - 1); // equal values included: not greater
        }
        new VectorKernels().signBits(a, other, 0, vbits);
        new ScalarKernels(1).signBits(a, other, 0, sbits);
        assertThat(vbits).containsExactly(sbits);
        for (int i = 0; i < a.length; i++) assertThat((vbits[i / 64] >>> (i % 64) & 1) == 1).isEqualTo(a[i] > other.get(FormatConstants.F32, 4L * i));
        io.vidx.reader.kernel.HammingVariants.scalar(q, codes, rows, outScalar);
        assertThat(out).containsExactly(outScalar);
        MemorySegment mapped = java.lang.foreign.Arena.ofAuto().allocate(8L * codes.length + 8, 8).asSlice(8); // native, like a mapping
        for (int i = 0; i < codes.length; i++) mapped.set(FormatConstants.I64, 8L * i, codes[i]);
        int[] inPlace = new int[rows], inPlaceTwin = new int[rows];
        new VectorKernels().hamming(q, mapped, 0, rows, inPlace);
        new ScalarKernels(1).hamming(q, mapped, 0, rows, inPlaceTwin);
        assertThat(inPlace).containsExactly(outScalar);
        assertThat(inPlaceTwin).containsExactly(outScalar);
        int from = rows / 2; // a run that starts past row 0, as a cell's does
        int[] tail = new int[rows - from];
        new VectorKernels().hamming(q, mapped, from, rows - from, tail);
        assertThat(tail).containsExactly(java.util.Arrays.copyOfRange(outScalar, from, rows));
        for (int r = 0; r < rows; r++) {
            int ref = 0;
            for (int b = 0; b < words * 64; b++) {
                long qb = q[b / 64] >>> (b % 64) & 1, cb = codes[r * words + b / 64] >>> (b % 64) & 1;
                if (qb != cb) ref++;
            }
            assertThat(out[r]).isEqualTo(ref);
        }
    }

    @Property(tries = 500)
    void vectorFloatKernelsAreBitIdenticalToTheirScalarTwin(@ForAll @IntRange(min = 0, max = 1100) int n, @ForAll @IntRange(min = 0, max = 7) int qOff,
                                                           @ForAll @IntRange(min = 0, max = 5) int segOff, @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] q = new float[qOff + n];
        MemorySegment s = MemorySegment.ofArray(new byte[4 * (segOff + n)]);
        for (int i = 0; i < q.length; i++) q[i] = sample(rnd);
        for (int i = 0; i < segOff + n; i++) s.set(FormatConstants.F32, 4L * i, sample(rnd));
        Kernels vector = new VectorKernels(), twin = new ScalarKernels(VectorKernels.width());
        long off = 4L * segOff; // unaligned starts too
        assertThat(Float.floatToRawIntBits(vector.dot(q, qOff, s, off, n))).isEqualTo(Float.floatToRawIntBits(twin.dot(q, qOff, s, off, n)));
        assertThat(Float.floatToRawIntBits(vector.l2(q, qOff, s, off, n))).isEqualTo(Float.floatToRawIntBits(twin.l2(q, qOff, s, off, n)));
    }

    @Property(tries = 300)
    void pdxVerticalIsBitIdenticalToItsTwin(@ForAll @IntRange(min = 1, max = 130) int rows, @ForAll @IntRange(min = 0, max = 70) int dims,
                                            @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] q = new float[dims];
        for (int d = 0; d < dims; d++) q[d] = sample(rnd);
        MemorySegment s = MemorySegment.ofArray(new byte[4 * rows * dims + 12]);
        for (int i = 0; i < rows * dims + 3; i++) s.set(FormatConstants.F32, 4L * i, sample(rnd));
        float[] a = new float[rows], b = new float[rows];
        for (int j = 0; j < rows; j++) a[j] = b[j] = Math.abs(sample(rnd));
        for (boolean l2 : new boolean[] {true, false}) {
            float[] va = a.clone(), sb = b.clone();
            new VectorKernels().pdxVertical(l2, q, s, 12, rows, dims, va);
            new ScalarKernels(VectorKernels.width()).pdxVertical(l2, q, s, 12, rows, dims, sb);
            for (int j = 0; j < rows; j++) assertThat(Float.floatToRawIntBits(va[j])).isEqualTo(Float.floatToRawIntBits(sb[j]));
        }
    }

    @Property(tries = 300)
    void fastScanEqualsItsTwinAndTheDefinition(@ForAll @IntRange(min = 1, max = 600) int m, @ForAll @IntRange(min = 0, max = 40) int skew, @ForAll long seed) {
        Random rnd = new Random(seed);
        byte[] lut = new byte[16 * m];
        boolean saturated = rnd.nextInt(4) == 0; // all 0xFF: the largest sums, the u16 flush's edge
        for (int i = 0; i < lut.length; i++) lut[i] = saturated ? (byte) 0xFF : (byte) rnd.nextInt(256);
        MemorySegment codes = MemorySegment.ofArray(new byte[16 * m + skew]);
        for (int i = 0; i < 16 * m + skew; i++) codes.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) rnd.nextInt(256));
        int[] v = new int[32], w = new int[32];
        new VectorKernels().fastScan(codes, skew, m, lut, v);
        new ScalarKernels(VectorKernels.width()).fastScan(codes, skew, m, lut, w);
        assertThat(v).containsExactly(w);
        int j = rnd.nextInt(32), want = 0;
        for (int g = 0; g < m; g++) {
            int b = codes.get(java.lang.foreign.ValueLayout.JAVA_BYTE, skew + 16L * g + (j & 15)) & 0xFF;
            want += lut[16 * g + (j < 16 ? b & 15 : b >>> 4)] & 0xFF;
        }
        assertThat(w[j]).isEqualTo(want);
    }

    @Property(tries = 300)
    void dotColumnsIsBitIdenticalToItsTwinAndIndependentOfTheTile(@ForAll @IntRange(min = 1, max = 140) int width, @ForAll @IntRange(min = 0, max = 70) int dims,
                                                                  @ForAll @IntRange(min = 0, max = 9) int off, @ForAll @IntRange(min = 1, max = 7) int count,
                                                                  @ForAll long seed) {
        Random rnd = new Random(seed);
        float[][] qs = new float[count][dims];
        for (float[] q : qs) for (int d = 0; d < dims; d++) q[d] = sample(rnd);
        float[] cols = new float[off + width * dims + 3];
        for (int i = 0; i < cols.length; i++) cols[i] = sample(rnd);
        float[] v = new float[count * width], w = new float[count * width], alone = new float[width];
        new VectorKernels().dotColumns(qs, count, cols, off, width, dims, v);
        new ScalarKernels(VectorKernels.width()).dotColumns(qs, count, cols, off, width, dims, w);
        for (int i = 0; i < count * width; i++) assertThat(Float.floatToRawIntBits(v[i])).isEqualTo(Float.floatToRawIntBits(w[i]));
        // The last query alone gets the same bits it got inside the tile,
        new VectorKernels().dotColumns(new float[][] {qs[count - 1]}, 1, cols, off, width, dims, alone);
        for (int j = 0; j < width; j++) assertThat(Float.floatToRawIntBits(alone[j])).isEqualTo(Float.floatToRawIntBits(v[(count - 1) * width + j]));
        // and each value is the plain sequential chain over the dimensions.
        int j = rnd.nextInt(width), t = rnd.nextInt(count);
        float want = 0f;
        for (int d = 0; d < dims; d++) want = Math.fma(qs[t][d], cols[off + d * width + j], want);
        assertThat(Float.floatToRawIntBits(v[t * width + j])).isEqualTo(Float.floatToRawIntBits(want));
    }

    @Property(tries = 300)
    void pdxDotTileIsBitIdenticalToItsTwinAndIndependentOfTheTile(@ForAll @IntRange(min = 1, max = 140) int rows, @ForAll @IntRange(min = 0, max = 9) int extraStride,
                                                                  @ForAll @IntRange(min = 0, max = 70) int dims, @ForAll @IntRange(min = 1, max = 7) int count,
                                                                  @ForAll long seed) {
        Random rnd = new Random(seed);
        int stride = rows + extraStride;
        float[][] qs = new float[count][dims];
        for (float[] q : qs) for (int d = 0; d < dims; d++) q[d] = sample(rnd);
        MemorySegment s = MemorySegment.ofArray(new byte[4 * stride * dims + 12]);
        for (int i = 0; i < stride * dims + 3; i++) s.set(FormatConstants.F32, 4L * i, sample(rnd));
        float[] vd = new float[count * rows], vn = new float[rows], sd = new float[count * rows], sn = new float[rows];
        new VectorKernels().pdxDotTile(qs, count, s, 12, stride, rows, dims, vd, vn);
        new ScalarKernels(VectorKernels.width()).pdxDotTile(qs, count, s, 12, stride, rows, dims, sd, sn);
        for (int i = 0; i < count * rows; i++) assertThat(Float.floatToRawIntBits(vd[i])).isEqualTo(Float.floatToRawIntBits(sd[i]));
        for (int j = 0; j < rows; j++) assertThat(Float.floatToRawIntBits(vn[j])).isEqualTo(Float.floatToRawIntBits(sn[j]));
        // The last query alone gets the same bits it got inside the tile.
        float[] alone = new float[rows];
        new VectorKernels().pdxDotTile(new float[][] {qs[count - 1]}, 1, s, 12, stride, rows, dims, alone, new float[rows]);
        for (int j = 0; j < rows; j++) assertThat(Float.floatToRawIntBits(alone[j])).isEqualTo(Float.floatToRawIntBits(vd[(count - 1) * rows + j]));
        // and each value is the plain sequential chain
        int j = rnd.nextInt(rows), t = rnd.nextInt(count);
        float want = 0f;
        for (int d = 0; d < dims; d++) want = Math.fma(qs[t][d], s.get(FormatConstants.F32, 12 + 4L * ((long) d * stride + j)), want);
        assertThat(Float.floatToRawIntBits(sd[t * rows + j])).isEqualTo(Float.floatToRawIntBits(want));
    }

    @Property(tries = 400)
    void prunedTailIsBitIdenticalToItsTwinAndToTheUnprunedSum(@ForAll @IntRange(min = 0, max = 600) int n, @ForAll @IntRange(min = 1, max = 4) int stepQuanta,
                                                             @ForAll long seed) {
        Random rnd = new Random(seed);
        Kernels vector = new VectorKernels(), twin = new ScalarKernels(VectorKernels.width());
        int step = stepQuanta * vector.pruneQuantum(), qOff = rnd.nextInt(5);
        float[] q = new float[qOff + n];
        MemorySegment s = MemorySegment.ofArray(new byte[4 * n]);
        for (int i = 0; i < q.length; i++) q[i] = (float) rnd.nextGaussian();
        for (int i = 0; i < n; i++) s.set(FormatConstants.F32, 4L * i, (float) rnd.nextGaussian());
        float[] bound = new float[qOff + n + 1];
        for (int i = 0; i < bound.length; i++) bound[i] = (float) i / bound.length;
        float head = rnd.nextFloat();
        float full = head + twin.l2(q, qOff, s, 0, n);
        for (float tau : new float[] {Float.POSITIVE_INFINITY, full * 2, full, full * 0.5f, 0f}) {
            float v = vector.l2Pruned(q, qOff, s, 0, n, step, head, tau, bound), t = twin.l2Pruned(q, qOff, s, 0, n, step, head, tau, bound);
            assertThat(Float.floatToRawIntBits(v)).isEqualTo(Float.floatToRawIntBits(t));
            // Never pruned: exactly head + l2 (so ADSampling's keys equal brute force's).
            if (tau == Float.POSITIVE_INFINITY) assertThat(Float.floatToRawIntBits(v)).isEqualTo(Float.floatToRawIntBits(full));
            assertThat(v == Float.POSITIVE_INFINITY || v == full).isTrue();
        }
    }

    @Property(tries = 400)
    void firstTestSurvivorsEqualTheirTwinsAndTheDefinition(@ForAll @IntRange(min = 0, max = 140) int n, @ForAll @IntRange(min = 0, max = 9) int at,
                                                          @ForAll @IntRange(min = 0, max = 9) int normAt, @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] dots = new float[at + n], norms = new float[normAt + n];
        for (int i = 0; i < dots.length; i++) dots[i] = rnd.nextInt(8) == 0 ? 0.25f * rnd.nextInt(5) : sample(rnd);
        for (int i = 0; i < norms.length; i++) norms[i] = rnd.nextInt(8) == 0 ? 0.5f * rnd.nextInt(5) : Math.abs(sample(rnd));
        float head = rnd.nextInt(4) == 0 ? 1f : Math.abs(sample(rnd));
        // The cut sometimes equals some row's partial exactly: "at most" must keep it on both sides.
        float cut = n > 0 && rnd.nextBoolean() ? head + norms[normAt + rnd.nextInt(n)] - 2f * dots[at + rnd.nextInt(n)] : sample(rnd) * 4;
        int[] v = new int[n + 3], t = new int[n + 3];
        int outAt = rnd.nextInt(4);
        int vEnd = new VectorKernels().survivors(dots, at, norms, normAt, n, head, cut, v, outAt);
        int tEnd = new ScalarKernels(VectorKernels.width()).survivors(dots, at, norms, normAt, n, head, cut, t, outAt);
        assertThat(vEnd).isEqualTo(tEnd);
        assertThat(Arrays.copyOfRange(v, outAt, vEnd)).containsExactly(Arrays.copyOfRange(t, outAt, tEnd));
        int want = outAt;
        for (int j = 0; j < n; j++) {
            if (head + norms[normAt + j] - 2f * dots[at + j] <= cut) assertThat(v[want++]).isEqualTo(at + j);
        }
        assertThat(vEnd).isEqualTo(want);
    }

    @Property(tries = 300)
    void indexesAtMostEqualItsTwinAndTheDefinition(@ForAll @IntRange(min = 0, max = 300) int n, @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] keys = new float[n + rnd.nextInt(5)]; // keys past n must be ignored
        for (int i = 0; i < keys.length; i++) keys[i] = rnd.nextInt(8) == 0 ? Float.NaN : rnd.nextInt(8) == 0 ? Float.NEGATIVE_INFINITY : sample(rnd);
        float threshold = switch (rnd.nextInt(6)) {
            case 0 -> Float.NaN;
            case 1 -> Float.NEGATIVE_INFINITY;
            case 2 -> Float.POSITIVE_INFINITY;
            case 3 -> n > 0 ? keys[rnd.nextInt(n)] : 0f; // ties with a key
            default -> sample(rnd);
        };
        int[] v = new int[keys.length], t = new int[keys.length];
        int vn = new VectorKernels().indexesAtMost(keys, n, threshold, v);
        int tn = new ScalarKernels(VectorKernels.width()).indexesAtMost(keys, n, threshold, t);
        int want = 0;
        for (int i = 0; i < n; i++) if (keys[i] <= threshold) assertThat(t[want++]).isEqualTo(i);
        assertThat(tn).isEqualTo(want);
        assertThat(Arrays.copyOf(v, vn)).containsExactly(Arrays.copyOf(t, tn));
    }

    @Property(tries = 200)
    void vectorRotationIsBitIdenticalToTheFormatsDefinition(@ForAll @IntRange(min = 1, max = 1100) int dim, @ForAll long seed,
                                                            @ForAll @IntRange(min = 1, max = 4) int rounds) {
        io.vidx.format.HadamardRotation r = io.vidx.format.HadamardRotation.fromSeed(dim, seed, rounds);
        Random rnd = new Random(seed);
        float[] x = new float[dim];
        for (int i = 0; i < dim; i++) x[i] = sample(rnd);
        float[] want = r.apply(x), got = new float[r.paddedDim()];
        new VectorKernels().rotate(r, x, got);
        for (int i = 0; i < want.length; i++) assertThat(Float.floatToRawIntBits(got[i])).isEqualTo(Float.floatToRawIntBits(want[i]));
    }

    /** Mostly ordinary values, with zeros, negative zeros and wide magnitudes mixed in. */
    private static float sample(Random rnd) {
        return switch (rnd.nextInt(10)) {
            case 0 -> 0f;
            case 1 -> -0f;
            case 2 -> (float) (rnd.nextGaussian() * 1e6);
            case 3 -> (float) (rnd.nextGaussian() * 1e-6);
            default -> (float) rnd.nextGaussian();
        };
    }

    @Property(tries = 300)
    void everyHammingVariantEqualsTheReference(@ForAll @IntRange(min = 1, max = 8) int quads, @ForAll @IntRange(min = 0, max = 40) int rows, @ForAll long seed) {
        int words = 4 * quads; // the vector variants take codes of a multiple of 256 bits (D' >= 256)
        Random rnd = new Random(seed);
        long[] q = new long[words], codes = new long[words * rows];
        for (int i = 0; i < words; i++) q[i] = rnd.nextLong();
        for (int i = 0; i < codes.length; i++) codes[i] = rnd.nextInt(3) == 0 ? ~q[i % words] : rnd.nextLong(); // all-different words too
        int[] ref = new int[rows], lane = new int[rows], lut = new int[rows];
        io.vidx.reader.kernel.HammingVariants.scalar(q, codes, rows, ref);
        io.vidx.reader.kernel.HammingVariants.laneBitCount(q, codes, rows, lane);
        io.vidx.reader.kernel.HammingVariants.nibbleLut(q, codes, rows, lut);
        for (int r = 0; r < rows; r++) {
            int bits = 0;
            for (int w = 0; w < words; w++) for (int b = 0; b < 64; b++) if ((((q[w] ^ codes[r * words + w]) >>> b) & 1) != 0) bits++;
            assertThat(ref[r]).isEqualTo(bits);
        }
        assertThat(lane).containsExactly(ref);
        assertThat(lut).containsExactly(ref);
    }

    @Property(tries = 300)
    void topKKeepsTheKSmallestInOrder(@ForAll @IntRange(min = 1, max = 50) int k, @ForAll @IntRange(min = 0, max = 300) int n, @ForAll long seed) {
        Random rnd = new Random(seed);
        TopK top = new TopK(k);
        float[] keys = new float[n];
        for (int i = 0; i < n; i++) {
            keys[i] = rnd.nextInt(20); // many ties
            if (keys[i] <= top.threshold()) top.offer(keys[i], i);
        }
        int m = Math.min(k, n);
        float[] gotKeys = new float[m];
        long[] gotVals = new long[m];
        assertThat(top.drainSorted(gotKeys, gotVals)).isEqualTo(m);
        float[] sorted = keys.clone();
        Arrays.sort(sorted);
        assertThat(gotKeys).containsExactly(Arrays.copyOf(sorted, m));
        for (int i = 0; i < m; i++) assertThat(keys[(int) gotVals[i]]).isEqualTo(gotKeys[i]);
        assertThat(Arrays.stream(gotVals).distinct().count()).isEqualTo(m);
        // Ties go to the smaller value, so the result is the first m of a (key, value) sort whatever the offer order.
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (x, y) -> keys[x] != keys[y] ? Float.compare(keys[x], keys[y]) : Integer.compare(x, y));
        for (int i = 0; i < m; i++) assertThat(gotVals[i]).isEqualTo((long) order[i]);
        TopK reversed = new TopK(k);
        for (int i = n - 1; i >= 0; i--) if (keys[i] <= reversed.threshold()) reversed.offer(keys[i], i);
        float[] rk = new float[m];
        long[] rv = new long[m];
        reversed.drainSorted(rk, rv);
        assertThat(rv).containsExactly(gotVals);
    }

    @Property(tries = 300)
    void shortlistKeepsWhatTopKKeeps(@ForAll @IntRange(min = 1, max = 60) int k, @ForAll @IntRange(min = 0, max = 600) int n, @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] keys = new float[n];
        for (int i = 0; i < n; i++) keys[i] = rnd.nextInt(4) == 0 ? rnd.nextInt(5) : rnd.nextFloat() * 100; // ties included
        long[] rows = new long[n];
        for (int i = 0; i < n; i++) rows[i] = rnd.nextInt(1 << 20) * 1024L + i; // distinct, not in offer order
        TopK top = new TopK(k);
        Shortlist list = new Shortlist(k);
        for (int i = 0; i < n; i++) {
            if (keys[i] <= top.threshold()) top.offer(keys[i], rows[i]);
            if (keys[i] <= list.threshold()) list.offer(keys[i], rows[i]);
        }
        int m = Math.min(k, n);
        assertThat(list.size()).isEqualTo(m);
        float[] tk = new float[m], lk = new float[m];
        long[] tv = new long[m], lv = new long[m];
        top.drainSorted(tk, tv);
        assertThat(list.drainSorted(lk, lv)).isEqualTo(m);
        assertThat(lk).containsExactly(tk);
        assertThat(lv).containsExactly(tv);
        assertThat(list.size()).isZero(); // drained: reusable
        assertThat(list.threshold()).isEqualTo(Float.POSITIVE_INFINITY);
    }
}
