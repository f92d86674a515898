package io.vidx.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class LayoutProperties {

    @Property(tries = 200)
    void pdxOffsetsTileEachBlockExactlyOnce(@ForAll @IntRange(min = 3, max = 7) int log2Block,
                                            @ForAll @IntRange(min = 6, max = 8) int log2Dim,
                                            @ForAll @IntRange(min = 0, max = 256) int vertical,
                                            @ForAll boolean wholeRows) {
        int block = 1 << log2Block, dPad = 1 << log2Dim, v = Math.min(vertical, dPad);
        PdxLayout l = new PdxLayout(block, v, dPad, wholeRows);
        // Every float of the second block, the whole rows' repeated dims included, has its own slot.
        Set<Long> seen = new HashSet<>();
        for (long row = block; row < 2L * block; row++) {
            for (int d = 0; d < dPad; d++) {
                long off = l.offset(row, d);
                assertThat(off).isBetween(l.blockBytes(), 2 * l.blockBytes() - 4);
                assertThat(off % 4).isZero();
                assertThat(seen.add(off)).isTrue();
            }
            if (l.horizontalDims() > 0) assertThat(l.horizontalOffset(row)).isEqualTo(l.offset(row, v));
            if (wholeRows) {
                long whole = l.wholeRowOffset(row);
                for (int d = v; d < dPad; d++) assertThat(whole + 4L * d).isEqualTo(l.offset(row, d));
                for (int d = 0; d < v; d++) {
                    assertThat(whole + 4L * d).isBetween(l.blockBytes(), 2 * l.blockBytes() - 4);
                    assertThat(seen.add(whole + 4L * d)).isTrue();
                }
            }
        }
        assertThat(seen).hasSize(block * (dPad + (wholeRows ? v : 0)));
        assertThat(l.blockBytes()).isEqualTo(4L * block * (dPad + (wholeRows ? v : 0)));
    }

    @Property(tries = 100)
    void fastScanNibblesRoundTrip(@ForAll @IntRange(min = 1, max = 64) int halfM, @ForAll long seed) {
        int m = 2 * halfM;
        Random rnd = new Random(seed);
        int[][] codes = new int[32][m];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment block = arena.allocate((long) m * 16);
            for (int j = 0; j < 32; j++) for (int s = 0; s < m; s++) FastScanLayout.put(block, s, j, codes[j][s] = rnd.nextInt(16));
            for (int j = 0; j < 32; j++) for (int s = 0; s < m; s++) assertThat(FastScanLayout.get(block, s, j)).isEqualTo(codes[j][s]);
        }
    }

    @Property(tries = 100)
    void signCodesMatchBitByBitReference(@ForAll @IntRange(min = 1, max = 16) int words, @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[words * 64];
        for (int i = 0; i < v.length; i++) v[i] = rnd.nextInt(5) - 2; // zeros included: zero is not > 0
        long[] code = new long[words];
        BinaryCodes.encode(v, code);
        for (int i = 0; i < v.length; i++) {
            boolean bit = (code[i / 64] >>> (i % 64) & 1) == 1;
            assertThat(bit).isEqualTo(v[i] > 0);
        }
    }

    @Property(tries = 50)
    void paddedDimIsPowerOfTwoAtLeast64(@ForAll @IntRange(min = 1, max = 65536) int dim) {
        int p = FormatConstants.paddedDim(dim);
        assertThat(Integer.bitCount(p)).isEqualTo(1);
        assertThat(p).isGreaterThanOrEqualTo(Math.max(64, dim));
        assertThat(p / 2).isLessThan(Math.max(64, dim));
    }
}
