package io.vidx.reader;

import static org.assertj.core.api.Assertions.assertThat;

import io.vidx.format.FormatConstants;
import io.vidx.reader.kernel.Hamming;
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
        MemorySegment seg = MemorySegment.ofArray(new byte[codes.length * 8]);
        for (int i = 0; i < codes.length; i++) seg.set(FormatConstants.I64, 8L * i, codes[i]);
        int[] out = new int[rows];
        Hamming.scan(q, seg, 0, out, rows);
        for (int r = 0; r < rows; r++) {
            int ref = 0;
            for (int b = 0; b < words * 64; b++) {
                long qb = q[b / 64] >>> (b % 64) & 1, cb = codes[r * words + b / 64] >>> (b % 64) & 1;
                if (qb != cb) ref++;
            }
            assertThat(out[r]).isEqualTo(ref);
            assertThat(Hamming.distance(q, seg, 8L * r * words)).isEqualTo(ref);
        }
    }

    @Property(tries = 300)
    void topKKeepsTheKSmallestInOrder(@ForAll @IntRange(min = 1, max = 50) int k, @ForAll @IntRange(min = 0, max = 300) int n, @ForAll long seed) {
        Random rnd = new Random(seed);
        TopK top = new TopK(k);
        float[] keys = new float[n];
        for (int i = 0; i < n; i++) {
            keys[i] = rnd.nextInt(20); // many ties
            if (keys[i] < top.threshold()) top.offer(keys[i], i);
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
    }
}
