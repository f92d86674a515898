package io.vidx.indexer.input;

/**
 * Finiteness check for decoded vectors. Every float read is checked, so the common all-finite case is a
 * branch-free OR-reduction that the JIT vectorizes; only a block that contains a NaN or an infinity is
 * scanned again to find where.
 */
final class Floats {
    private Floats() {}

    /** Index in [from, to) of the first NaN or infinite value of {@code a}, or -1 if all are finite. */
    static int firstNonFinite(float[] a, int from, int to) {
        // Exponent field all ones <=> non-finite; adding one to that field then carries into the sign bit.
        int acc = 0;
        for (int i = from; i < to; i++) acc |= (Float.floatToRawIntBits(a[i]) & 0x7f80_0000) + 0x0080_0000;
        if (acc >= 0) return -1;
        for (int i = from; i < to; i++) if (!Float.isFinite(a[i])) return i;
        return -1;
    }
}
