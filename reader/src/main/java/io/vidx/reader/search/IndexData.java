package io.vidx.reader.search;

import static io.vidx.format.FormatConstants.I64;

import io.vidx.format.CellDirectory;
import io.vidx.format.HadamardRotation;
import io.vidx.format.IndexParams;
import io.vidx.format.Metric;
import io.vidx.format.PdxLayout;
import io.vidx.format.SectionKind;
import io.vidx.format.VidxFile;
import io.vidx.format.VidxFormatException;
import java.lang.foreign.MemorySegment;

/**
 * The validated sections of an open index, as the search code needs them: mapped segments (no copies)
 * plus the few small decoded structures (rotation signs, cell directory). Immutable, shared by all threads.
 */
public final class IndexData {
    public final VidxFile file;
    public final IndexParams params;
    public final Metric metric;
    public final HadamardRotation rotation;
    public final CellDirectory cells;
    public final MemorySegment centroids;
    public final MemorySegment centroidsRotated;
    public final MemorySegment codes;
    /** The spill sections (format 1.1), or null when the file has none: see {@link SpillEntries}. */
    public final SpillEntries spill;
    public final MemorySegment pdx;
    public final PdxLayout pdxLayout;
    public final MemorySegment rowIds;
    public final MemorySegment userIds;
    public final int dim;
    public final int paddedDim;
    public final int codeWords;
    /** Rows in the largest cell: sizes the per-thread scratch a cell is copied into. */
    public final int maxCellSize;

    public IndexData(VidxFile file) {
        this.file = file;
        this.params = file.params();
        this.metric = params.metric();
        this.dim = params.dim();
        this.paddedDim = params.paddedDim();
        this.codeWords = paddedDim / 64;
        this.rotation = HadamardRotation.fromSection(dim, params.rotationRounds(), file.section(SectionKind.ROTATION));
        this.cells = CellDirectory.read(file.section(SectionKind.CELL_DIRECTORY), params.nlist());
        this.centroids = file.section(SectionKind.CENTROIDS);
        this.centroidsRotated = file.section(SectionKind.CENTROIDS_ROTATED);
        this.codes = file.section(SectionKind.BINARY_CODES);
        this.spill = file.has(SectionKind.SPILL_DIRECTORY) ? new SpillEntries(file) : null;
        this.pdx = file.section(SectionKind.PDX_VECTORS);
        this.pdxLayout = PdxLayout.of(params);
        this.rowIds = file.section(SectionKind.ROW_IDS);
        this.userIds = file.has(SectionKind.USER_IDS) ? file.section(SectionKind.USER_IDS) : null;
        long max = 0;
        for (int c = 0; c < params.nlist(); c++) max = Math.max(max, cells.size(c));
        this.maxCellSize = (int) Math.min(max, Integer.MAX_VALUE / Math.max(8, codeWords) / 8);
    }

    private volatile float[] centroidNormsSq;

    /** ||c||^2 of every centroid, computed on first use (O(nlist·dim), so not at open). */
    public float[] centroidNormsSq() {
        float[] n = centroidNormsSq;
        if (n == null) {
            n = new float[params.nlist()];
            for (int c = 0; c < n.length; c++) {
                double s = 0;
                for (int d = 0; d < dim; d++) {
                    float v = centroids.get(io.vidx.format.FormatConstants.F32, 4L * ((long) c * dim + d));
                    s += (double) v * v;
                }
                n[c] = (float) s;
            }
            centroidNormsSq = n;
        }
        return n;
    }

    /** The router's copies of the centroids by block width ({@link #centroidColumns}): two at most, tiles and single queries. */
    private final java.util.concurrent.ConcurrentHashMap<Integer, float[]> centroidColumns = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The centroids dimension-major in blocks of {@code width} (the last block padded with zeros): block
     * b's dimension d is values[(b·dim + d)·width ..][0, width), for the router's broadcast kernel
     * ({@link io.vidx.reader.kernel.Kernels#dotColumns}), which ran 2.1x the row-major kernel over the
     * mapped section (docs/benchmarks.md). A heap copy per width made on first use, O(nlist·dim), shared
     * by the search modes; open reads no centroids.
     */
    public float[] centroidColumns(int width) {
        return centroidColumns.computeIfAbsent(width, w -> {
            int nlist = params.nlist();
            float[] values = new float[Math.multiplyExact((nlist + w - 1) / w * w, dim)];
            for (int r = 0; r < nlist; r++) {
                for (int d = 0; d < dim; d++) {
                    values[((r / w) * dim + d) * w + r % w] = centroids.get(io.vidx.format.FormatConstants.F32, 4L * ((long) r * dim + d));
                }
            }
            return values;
        });
    }

    /** Input row number of the vector stored at cell-ordered position {@code row}. */
    public long inputRow(long row) {
        long r = rowIds.get(I64, 8 * row);
        if (r < 0 || r >= params.count()) {
            throw new VidxFormatException(file.name(), "ROW_IDS", file.entry(SectionKind.ROW_IDS).offset() + 8 * row,
                    "row id: expected 0.." + (params.count() - 1) + ", found " + r + " (run `vidx verify` on this file)");
        }
        return r;
    }

    /** The id returned to users for the vector at position {@code row}. */
    public long externalId(long row) {
        long input = inputRow(row);
        return userIds == null ? input : userIds.get(I64, 8 * input);
    }

    /** Ranking key: smaller is nearer for both metrics. */
    public float keyOf(float score) { return metric == Metric.L2 ? score : -score; }

    /** Score reported to users from a ranking key. */
    public float scoreOf(float key) { return metric == Metric.L2 ? key : -key; }
}
