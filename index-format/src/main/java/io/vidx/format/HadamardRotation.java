package io.vidx.format;

import static io.vidx.format.FormatConstants.I64;

import java.lang.foreign.MemorySegment;

/**
 * The randomized Hadamard rotation of format 1: pad x with zeros to D' (a power of two), then for each
 * round r: flip the sign of every coordinate whose bit is set in sign vector r, apply the fast
 * Walsh-Hadamard transform, and scale by 1/sqrt(D'). The result is an orthonormal transform, so it keeps
 * distances and inner products. The sign vectors are stored in the ROTATION section (round-major, D'/64
 * little-endian u64 words per round, bit b of word w is coordinate 64w+b); they are drawn from the
 * stored seed with {@link SplitMix64}, one word per call, round after round.
 *
 * <p>Instances are immutable and thread-safe; {@link #apply} needs a caller-owned output array.
 */
public final class HadamardRotation {
    private final int dim;
    private final int paddedDim;
    private final long[][] signs;
    /** The same signs as ±1 factors, for readers that flip by multiplying (x · −1 is exactly −x). */
    private final float[][] signFactors;
    private final float scale;

    public HadamardRotation(int dim, long[][] signs) {
        this.dim = dim;
        this.paddedDim = FormatConstants.paddedDim(dim);
        for (long[] s : signs) {
            if (s.length != paddedDim / 64) throw new IllegalArgumentException("sign vector of " + s.length + " words, expected " + paddedDim / 64);
        }
        this.signs = signs;
        this.signFactors = new float[signs.length][paddedDim];
        for (int r = 0; r < signs.length; r++) {
            for (int i = 0; i < paddedDim; i++) signFactors[r][i] = (signs[r][i >>> 6] >>> (i & 63) & 1L) != 0 ? -1f : 1f;
        }
        this.scale = (float) (1.0 / Math.sqrt(paddedDim));
    }

    /** Draws {@code rounds} sign vectors from {@code seed}. */
    public static HadamardRotation fromSeed(int dim, long seed, int rounds) {
        int words = FormatConstants.paddedDim(dim) / 64;
        SplitMix64 rng = new SplitMix64(seed);
        long[][] signs = new long[rounds][words];
        for (int r = 0; r < rounds; r++) for (int w = 0; w < words; w++) signs[r][w] = rng.next();
        return new HadamardRotation(dim, signs);
    }

    /** Reads the ROTATION section. Its length has already been validated against PARAMS. */
    public static HadamardRotation fromSection(int dim, int rounds, MemorySegment section) {
        int words = FormatConstants.paddedDim(dim) / 64;
        long[][] signs = new long[rounds][words];
        for (int r = 0; r < rounds; r++) for (int w = 0; w < words; w++) signs[r][w] = section.get(I64, 8L * (r * words + w));
        return new HadamardRotation(dim, signs);
    }

    public void writeTo(MemorySegment section) {
        int words = paddedDim / 64;
        for (int r = 0; r < signs.length; r++) for (int w = 0; w < words; w++) section.set(I64, 8L * (r * words + w), signs[r][w]);
    }

    public int dim() { return dim; }

    public int paddedDim() { return paddedDim; }

    public int rounds() { return signs.length; }

    /** Sign words of one round (a copy-free view: do not modify). */
    public long[] signs(int round) { return signs[round]; }

    /** Round {@code round}'s signs as D' factors of −1 or 1 (a copy-free view: do not modify). */
    public float[] signFactors(int round) { return signFactors[round]; }

    /** The per-round scale 1/sqrt(D'), as a float. */
    public float scale() { return scale; }

    /** out[0..D') = R · pad(x). {@code x.length} must be dim, {@code out.length} at least D'. */
    public void apply(float[] x, float[] out) {
        System.arraycopy(x, 0, out, 0, dim);
        java.util.Arrays.fill(out, dim, paddedDim, 0f);
        for (long[] round : signs) {
            for (int i = 0; i < paddedDim; i++) {
                if ((round[i >>> 6] >>> (i & 63) & 1L) != 0) out[i] = -out[i];
            }
            fwht(out, paddedDim);
            for (int i = 0; i < paddedDim; i++) out[i] *= scale;
        }
    }

    /** Convenience: a new array. */
    public float[] apply(float[] x) {
        float[] out = new float[paddedDim];
        apply(x, out);
        return out;
    }

    /** In-place unnormalized Walsh-Hadamard transform of a[0..n), n a power of two. */
    static void fwht(float[] a, int n) {
        for (int h = 1; h < n; h <<= 1) {
            for (int i = 0; i < n; i += h << 1) {
                for (int j = i; j < i + h; j++) {
                    float u = a[j], v = a[j + h];
                    a[j] = u + v;
                    a[j + h] = u - v;
                }
            }
        }
    }

    /** SplitMix64 (Steele, Lea, Flood 2014): the generator the spec names for sign vectors. */
    public static final class SplitMix64 {
        private long state;

        public SplitMix64(long seed) { this.state = seed; }

        public long next() {
            long z = (state += 0x9E3779B97F4A7C15L);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }
}
