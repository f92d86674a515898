package io.vidx.format;

/**
 * Where a float of the PDX_VECTORS section lives. Rows (vectors in cell order) are grouped into blocks
 * of B; inside a block the first V rotated dimensions are stored dimension-major (all B values of
 * dimension 0, then of dimension 1, ...: the "vertical" part a SIMD kernel scans across vectors), then
 * each row's row-major part follows, contiguous. Without whole rows that part is the row's tail, dims
 * V..D'-1: read only for vectors that survive pruning. With whole rows (PARAMS flag bit 3, format 1.2)
 * it is all D' dims, the first V repeating the vertical part, so a single row is one contiguous read:
 * the funnel's rerank keys scattered rows, and V strided cache lines per row had cost it about as much
 * as the rest of the row (docs/benchmarks.md). The last block is zero-padded to B rows.
 */
public record PdxLayout(int block, int verticalDims, int paddedDim, boolean wholeRows) {

    public static PdxLayout of(IndexParams p) {
        return new PdxLayout(p.pdxBlock(), p.pdxVerticalDims(), p.paddedDim(), p.pdxWholeRows());
    }

    /** Floats of one row's row-major part: D' with whole rows, else the tail's D' - V. */
    public int rowFloats() { return wholeRows ? paddedDim : horizontalDims(); }

    public long blockBytes() { return (long) block * (verticalDims + rowFloats()) * 4; }

    /** Length of the PDX_VECTORS section for {@code blocks} blocks. */
    public long sectionBytes(long blocks) { return Math.multiplyExact(blocks, blockBytes()); }

    /** The tail's length: dimensions V..D'-1, which the vertical part does not hold. */
    public int horizontalDims() { return paddedDim - verticalDims; }

    /** Byte offset of the block holding {@code row}. */
    public long blockOffset(long row) { return (row / block) * blockBytes(); }

    /** Byte offset of (row, dim) in the section: for dim &lt; V, the vertical copy. */
    public long offset(long row, int dim) {
        long base = blockOffset(row);
        int j = (int) (row % block);
        if (dim < verticalDims) return base + ((long) dim * block + j) * 4;
        return base + rowPartInBlock(j) + 4L * (dim - (wholeRows ? 0 : verticalDims));
    }

    /** Byte offset, within its block, of the row-major part of the block's row j. */
    public long rowPartInBlock(int j) { return 4L * ((long) verticalDims * block + (long) j * rowFloats()); }

    /** Byte offset, within its block, of the tail (dims V..D'-1) of the block's row j; D' - V floats follow. */
    public long tailInBlock(int j) { return rowPartInBlock(j) + (wholeRows ? 4L * verticalDims : 0); }

    /** Byte offset of the tail of {@code row}: its dims V..D'-1, contiguous. */
    public long horizontalOffset(long row) { return blockOffset(row) + tailInBlock((int) (row % block)); }

    /** Byte offset of {@code row}'s whole row, all D' floats contiguous; only with whole rows. */
    public long wholeRowOffset(long row) {
        if (!wholeRows) throw new IllegalStateException("this PDX layout has no whole rows");
        return blockOffset(row) + rowPartInBlock((int) (row % block));
    }
}
