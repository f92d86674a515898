package io.vidx.reader.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.vidx.reader.kernel.Kernels;
import io.vidx.reader.kernel.ScalarKernels;
import io.vidx.reader.kernel.VectorKernels;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The router's selection and the shortlist's unordered drain keep exactly what {@link TopK} keeps. */
class SelectionProperties {

    @Property(tries = 400)
    void smallestKeysAreTopKs(@ForAll @IntRange(min = 1, max = 1200) int n, @ForAll @IntRange(min = 1, max = 300) int m, @ForAll long seed) {
        Random rnd = new Random(seed);
        float[] keys = new float[n];
        for (int i = 0; i < n; i++) {
            keys[i] = switch (rnd.nextInt(12)) {
                case 0 -> rnd.nextInt(3) - 1; // ties, across the sign
                case 1 -> -0.0f;
                case 2 -> Float.NaN; // never picked
                case 3 -> rnd.nextBoolean() ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
                default -> (float) rnd.nextGaussian() * (rnd.nextBoolean() ? 1e-3f : 1e3f);
            };
        }
        // Half the cases sorted, so that the sampled threshold sees a skewed sample.
        if (rnd.nextBoolean()) java.util.Arrays.sort(keys);
        TopK top = new TopK(m);
        for (int i = 0; i < n; i++) if (keys[i] <= top.threshold()) top.offer(keys[i], i);
        int expected = top.size();
        float[] tk = new float[expected];
        long[] tv = new long[expected];
        top.drainSorted(tk, tv);

        for (Kernels kernels : new Kernels[] {new VectorKernels(), new ScalarKernels(VectorKernels.width())}) {
            long[] out = new long[n];
            int got = SmallestKeys.select(kernels, keys, n, m, out, new int[n]);
            assertThat(got).as(kernels.name()).isEqualTo(expected);
            for (int i = 0; i < got; i++) {
                assertThat(SmallestKeys.index(out[i])).as("%s rank %d", kernels.name(), i).isEqualTo((int) tv[i]);
                assertThat(SmallestKeys.key(out[i])).as("%s rank %d", kernels.name(), i).isEqualTo(tk[i] + 0.0f);
            }
        }
    }

    @Property(tries = 300)
    void packingKeepsFloatOrder(@ForAll float a, @ForAll float b, @ForAll @IntRange(min = 0) int i, @ForAll @IntRange(min = 0) int j) {
        if (Float.isNaN(a) || Float.isNaN(b)) return;
        long pa = SmallestKeys.pack(a, i), pb = SmallestKeys.pack(b, j);
        int byPair = a < b ? -1 : a > b ? 1 : Integer.compare(i, j);
        assertThat(Integer.signum(Long.compare(pa, pb))).isEqualTo(byPair);
        assertThat(SmallestKeys.key(pa)).isEqualTo(a + 0.0f);
        assertThat(SmallestKeys.index(pa)).isEqualTo(i);
    }

    @Property(tries = 300)
    void shortlistRowsAreTopKsRows(@ForAll @IntRange(min = 1, max = 60) int k, @ForAll @IntRange(min = 0, max = 600) int n, @ForAll long seed) {
        Random rnd = new Random(seed);
        TopK top = new TopK(k);
        Shortlist list = new Shortlist(k);
        for (int i = 0; i < n; i++) {
            float key = rnd.nextInt(4) == 0 ? rnd.nextInt(5) : rnd.nextFloat() * 100; // ties included
            long row = rnd.nextInt(1 << 20) * 1024L + i; // distinct, not in offer order
            if (key <= top.threshold()) top.offer(key, row);
            if (key <= list.threshold()) list.offer(key, row);
        }
        long[] expected = new long[top.size()];
        top.drainSorted(new float[expected.length], expected);
        assertThat(list.drainRows()).containsExactlyInAnyOrder(expected);
        assertThat(list.size()).isZero(); // drained: reusable
        assertThat(list.threshold()).isEqualTo(Float.POSITIVE_INFINITY);
    }
}
