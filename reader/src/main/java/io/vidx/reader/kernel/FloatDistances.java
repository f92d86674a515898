package io.vidx.reader.kernel;

import static io.vidx.format.FormatConstants.F32;

import io.vidx.format.PdxLayout;
import java.lang.foreign.MemorySegment;

/** f32 distances between a query and a vector in a mapped section (plain scalar loops). */
public final class FloatDistances {
    private FloatDistances() {}

    /** Squared L2 between q[0..n) and n contiguous floats at {@code offset}. */
    public static float l2(float[] q, MemorySegment s, long offset, int n) {
        float acc = 0f;
        for (int i = 0; i < n; i++) {
            float d = q[i] - s.get(F32, offset + 4L * i);
            acc += d * d;
        }
        return acc;
    }

    /** Inner product of q[0..n) and n contiguous floats at {@code offset}. */
    public static float dot(float[] q, MemorySegment s, long offset, int n) {
        float acc = 0f;
        for (int i = 0; i < n; i++) acc += q[i] * s.get(F32, offset + 4L * i);
        return acc;
    }

    /** Squared L2 between the rotated query and row {@code row} of a PDX store (vertical part strided, tail contiguous). */
    public static float l2Pdx(float[] q, MemorySegment pdx, PdxLayout layout, long row) {
        float acc = 0f;
        long base = layout.blockOffset(row) + 4L * (row % layout.block());
        long stride = 4L * layout.block();
        for (int d = 0; d < layout.verticalDims(); d++) {
            float diff = q[d] - pdx.get(F32, base + d * stride);
            acc += diff * diff;
        }
        long tail = layout.horizontalOffset(row);
        int v = layout.verticalDims();
        for (int d = v; d < layout.paddedDim(); d++) {
            float diff = q[d] - pdx.get(F32, tail + 4L * (d - v));
            acc += diff * diff;
        }
        return acc;
    }

    /** Inner product of the rotated query and row {@code row} of a PDX store. */
    public static float dotPdx(float[] q, MemorySegment pdx, PdxLayout layout, long row) {
        float acc = 0f;
        long base = layout.blockOffset(row) + 4L * (row % layout.block());
        long stride = 4L * layout.block();
        for (int d = 0; d < layout.verticalDims(); d++) acc += q[d] * pdx.get(F32, base + d * stride);
        long tail = layout.horizontalOffset(row);
        int v = layout.verticalDims();
        for (int d = v; d < layout.paddedDim(); d++) acc += q[d] * pdx.get(F32, tail + 4L * (d - v));
        return acc;
    }
}
