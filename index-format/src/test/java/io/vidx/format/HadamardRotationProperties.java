package io.vidx.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class HadamardRotationProperties {

    @Property(tries = 200)
    void preservesDistancesAndInnerProducts(@ForAll @IntRange(min = 1, max = 300) int dim, @ForAll long seed,
                                            @ForAll @IntRange(min = 1, max = 4) int rounds) {
        HadamardRotation r = HadamardRotation.fromSeed(dim, seed, rounds);
        Random rnd = new Random(seed);
        float[] a = new float[dim], b = new float[dim];
        for (int i = 0; i < dim; i++) {
            a[i] = (float) rnd.nextGaussian();
            b[i] = (float) rnd.nextGaussian();
        }
        float[] ra = r.apply(a), rb = r.apply(b);
        assertThat(ra).hasSize(FormatConstants.paddedDim(dim));
        double l2 = 0, l2r = 0, ip = 0, ipr = 0, na = 0;
        for (int i = 0; i < dim; i++) {
            l2 += (a[i] - b[i]) * (a[i] - b[i]);
            ip += a[i] * b[i];
            na += a[i] * a[i];
        }
        for (int i = 0; i < ra.length; i++) {
            l2r += (ra[i] - rb[i]) * (ra[i] - rb[i]);
            ipr += ra[i] * rb[i];
        }
        double tol = 1e-4 * Math.max(1, na) * dim;
        assertThat(l2r).isCloseTo(l2, within(tol));
        assertThat(ipr).isCloseTo(ip, within(tol));
    }

    @Property(tries = 50)
    void storedSignsReproduceTheSeededRotation(@ForAll @IntRange(min = 1, max = 600) int dim, @ForAll long seed) {
        HadamardRotation r = HadamardRotation.fromSeed(dim, seed, 3);
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            var seg = arena.allocate(3L * FormatConstants.paddedDim(dim) / 8);
            r.writeTo(seg);
            HadamardRotation back = HadamardRotation.fromSection(dim, 3, seg);
            float[] x = new float[dim];
            for (int i = 0; i < dim; i++) x[i] = i % 7 - 3;
            assertThat(back.apply(x)).containsExactly(r.apply(x));
        }
    }

    @Property(tries = 20)
    void fwhtTwiceIsNTimesIdentity(@ForAll @IntRange(min = 0, max = 10) int log2n, @ForAll long seed) {
        int n = 1 << log2n;
        Random rnd = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = rnd.nextInt(9) - 4; // small integers: exact in float
        float[] b = a.clone();
        HadamardRotation.fwht(b, n);
        HadamardRotation.fwht(b, n);
        for (int i = 0; i < n; i++) assertThat(b[i]).isEqualTo(a[i] * n);
    }
}
