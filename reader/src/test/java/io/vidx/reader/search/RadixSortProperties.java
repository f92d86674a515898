package io.vidx.reader.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class RadixSortProperties {

    @Property(tries = 300)
    void sortsLikeArraysSort(@ForAll @IntRange(min = 0, max = 3000) int n, @ForAll @IntRange(min = 1, max = 63) int bits, @ForAll long seed) {
        Random rnd = new Random(seed);
        long[] a = new long[n + rnd.nextInt(3)]; // slots past n must stay untouched
        long mask = (1L << bits) - 1;
        for (int i = 0; i < a.length; i++) a[i] = rnd.nextInt(4) == 0 && i > 0 ? a[rnd.nextInt(i)] : rnd.nextLong() & mask; // repeats included
        long[] want = a.clone();
        Arrays.sort(want, 0, n);
        RadixSort.sort(a, n, bits);
        assertThat(a).containsExactly(want);
    }

    @Property(tries = 100)
    void refusesValuesOutsideTheBits(@ForAll @IntRange(min = 512, max = 2000) int n, @ForAll @IntRange(min = 1, max = 62) int bits, @ForAll long seed) {
        Random rnd = new Random(seed);
        long[] a = new long[n];
        for (int i = 0; i < n; i++) a[i] = rnd.nextLong() & ((1L << bits) - 1);
        a[rnd.nextInt(n)] = rnd.nextBoolean() ? 1L << bits : -1L;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RadixSort.sort(a, n, bits)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 100)
    void bitsForHoldsTheLargestValue(@ForAll @LongRange(min = 0) long max) {
        int bits = RadixSort.bitsFor(max);
        assertThat(bits).isBetween(1, 63);
        assertThat(max >>> bits).isZero();
        if (bits > 1) assertThat(max >>> (bits - 1)).isEqualTo(1L);
    }
}
