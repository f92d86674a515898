package io.vidx.format;

/**
 * Where a float of the PDX_VECTORS section lives. Rows (vectors in cell order) are grouped into blocks
 * of B; inside a block the first V rotated dimensions are stored dimension-major (all B values of
 * dimension 0, then of dimension 1, ...: the "vertical" part a SIMD kernel scans across vectors) and
 * the remaining D'-V dimensions row-major (each vector's tail contiguous: the "horizontal" part read
 * only for vectors that survive pruning, and by rerank). The last block is zero-padded to B rows.
 */
public record PdxLayout(int block, int verticalDims, int paddedDim) {

    public static PdxLayout of(IndexParams p) {
        return new PdxLayout(p.pdxBlock(), p.pdxVerticalDims(), p.paddedDim());
    }

    public long blockBytes() { return (long) block * paddedDim * 4; }

    public int horizontalDims() { return paddedDim - verticalDims; }

    /** Byte offset of the block holding {@code row}. */
    public long blockOffset(long row) { return (row / block) * blockBytes(); }

    /** Byte offset of (row, dim) in the section. */
    public long offset(long row, int dim) {
        long base = blockOffset(row);
        int j = (int) (row % block);
        if (dim < verticalDims) return base + ((long) dim * block + j) * 4;
        return base + ((long) verticalDims * block + (long) j * horizontalDims() + (dim - verticalDims)) * 4;
    }

    /** Byte offset of the first horizontal float of {@code row}; the tail's D'-V floats follow contiguously. */
    public long horizontalOffset(long row) {
        return blockOffset(row) + ((long) verticalDims * block + (row % block) * (long) horizontalDims()) * 4;
    }
}
