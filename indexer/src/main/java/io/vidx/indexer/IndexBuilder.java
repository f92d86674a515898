package io.vidx.indexer;

import static io.vidx.format.FormatConstants.*;

import io.vidx.format.BinaryCodes;
import io.vidx.format.CellDirectory;
import io.vidx.format.FastScanLayout;
import io.vidx.format.HadamardRotation;
import io.vidx.format.IndexParams;
import io.vidx.format.Metric;
import io.vidx.format.PdxLayout;
import io.vidx.format.SectionKind;
import io.vidx.format.SectionLengths;
import io.vidx.format.SpillDirectory;
import io.vidx.format.VidxFileWriter;
import io.vidx.indexer.encode.ProductQuantizer;
import io.vidx.indexer.input.VectorCursor;
import io.vidx.indexer.input.VectorFile;
import io.vidx.indexer.kmeans.KMeans;
import io.vidx.indexer.kmeans.NearestCentroid;
import io.vidx.indexer.kmeans.SoarSpill;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The offline build: three sequential passes over the input, memory bounded by the training sample
 * and one int per vector, never by the data.
 * <ol>
 *   <li>sample: read the k-means training rows (a seeded sample) and train the IVF centroids;</li>
 *   <li>assign: stream every vector to its nearest centroid, giving cell sizes and so the layout, and
 *       (unless turned off) choose its spill cell ({@link SoarSpill}); train the PQ codebooks on
 *       rotated residuals of the sample;</li>
 *   <li>encode: stream again and write each vector's 1-bit code, PQ code, rotated f32 row and row id
 *       straight into its cell-ordered place in the mapped output file, and its spilled entry (code,
 *       factors, position) into its spill cell's run.</li>
 * </ol>
 * The output appears at its path only when complete (see {@link VidxFileWriter}).
 */
public final class IndexBuilder {
    private static final int CHUNK = 4096;
    /**
     * PDX vertical prefix when the options leave it open. On debian-minilm (D' = 512, ε0 = 1.5) V = 96
     * measured 3–12% faster than 128 in every mode, 17 of 17 interleaved comparisons (funnel at 0.95 and
     * 0.99, exact tier on 1 and 2 threads; docs/benchmarks.md, session 11): the rerank reads V strided
     * lines per candidate, and the exact tier's first test still prunes well at 96. V = 64 slowed the
     * exact tier; wider than 128 costs the matrix-product pass more than it saves in tails.
     */
    static final int DEFAULT_VERTICAL_DIMS = 96;

    private final VectorFile input;
    private final Path output;
    private final BuildOptions o;
    private final BuildProgress progress;
    private final Map<String, Double> timings = BuildReport.newTimings();

    private IndexBuilder(VectorFile input, Path output, BuildOptions options, BuildProgress progress) {
        this.input = input;
        this.output = output;
        this.o = options;
        this.progress = progress;
    }

    public static BuildReport build(VectorFile input, Path output, BuildOptions options, BuildProgress progress) throws IOException {
        return new IndexBuilder(input, output, options, progress).run();
    }

    /** Default nlist for N vectors: about 4·sqrt(N), within 1..N. */
    public static int defaultNlist(long n) {
        return (int) Math.max(1, Math.min(n, Math.round(4 * Math.sqrt(n))));
    }

    private BuildReport run() throws IOException {
        long n64 = input.count();
        if (n64 < 1) throw new IllegalArgumentException(input.path() + ": no vectors");
        if (n64 > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(input.path() + ": " + n64 + " vectors; this indexer builds up to 2^31 - 9");
        int n = (int) n64;
        int dim = input.dim();
        int dPad = paddedDim(dim);
        int nlist = o.nlist() > 0 ? o.nlist() : defaultNlist(n);
        if (nlist > n) throw new IllegalArgumentException("--nlist " + nlist + " exceeds the " + n + " input vectors");
        // D'/2 subquantizers (2 dimensions each): measured on debian-minilm, D'/8 and D'/4 made PQ4 estimates
        // worse than the 1-bit ones they refine, so the 3-tier funnel lost recall (docs/benchmarks.md).
        int pqM = o.pqM() > 0 ? o.pqM() : Math.max(2, dPad / 2);
        if (pqM % 2 != 0 || dPad % pqM != 0) {
            throw new IllegalArgumentException("PQ subquantizers " + pqM + " must be even and divide the padded dimension " + dPad);
        }
        int vertical = o.pdxVerticalDims() >= 0 ? Math.min(o.pdxVerticalDims(), dPad) : Math.min(DEFAULT_VERTICAL_DIMS, dPad);
        if (!(o.adsEpsilon0() > 0) || !Float.isFinite(o.adsEpsilon0()) || o.adsStep() < 1) {
            throw new IllegalArgumentException("ADSampling epsilon0 must be positive and finite and its step at least 1");
        }
        if (o.pdxBlock() < 8 || o.pdxBlock() > 1024 || Integer.bitCount(o.pdxBlock()) != 1) {
            throw new IllegalArgumentException("PDX block " + o.pdxBlock() + " must be a power of two in 8..1024");
        }
        int sampleSize = (int) Math.min(n, o.trainSample() > 0 ? o.trainSample() : 32L * nlist);
        sampleSize = Math.max(sampleSize, nlist);

        try (Parallel par = new Parallel(o.threads())) {
            long t = System.nanoTime();
            SplittableRandom rng = new SplittableRandom(o.seed());
            int[] sampleRows = KMeans.sampleWithoutReplacement(n, sampleSize, rng.split());
            float[] sample = readRows(sampleRows, dim);
            t = lap("sample", t);

            float[] centroids;
            try (BuildProgress.Phase p = progress.phase("k-means (" + nlist + " cells)", o.kmeansIterations())) {
                centroids = KMeans.train(sample, sampleSize, dim, nlist, o.kmeansIterations(), rng.nextLong(), o.metric() == Metric.IP, par, p);
            }
            t = lap("kmeans", t);

            HadamardRotation rotation = HadamardRotation.fromSeed(dim, o.seed(), o.rotationRounds());
            float[] centroidsRot = new float[nlist * dPad];
            float[] tmp = new float[dim];
            float[] tmpRot = new float[dPad];
            for (int c = 0; c < nlist; c++) {
                System.arraycopy(centroids, c * dim, tmp, 0, dim);
                rotation.apply(tmp, tmpRot);
                System.arraycopy(tmpRot, 0, centroidsRot, c * dPad, dPad);
            }

            int[] assignment = new int[n];
            int[] spill = o.spill() && nlist >= 2 ? new int[n] : null;
            long[] cellSizes = new long[nlist];
            long[] spillSizes = new long[nlist];
            boolean unitNorm = assignAll(par, centroids, nlist, dim, assignment, cellSizes, spill, spillSizes);
            t = lap("assign", t);

            ProductQuantizer pq = trainPq(par, sample, sampleSize, sampleRows, assignment, rotation, centroidsRot, dPad, pqM, rng.nextLong());
            sample = null; // the training sample is no longer needed: let the encode pass have the memory
            t = lap("pq-train", t);

            PayloadSpool payloads = o.payloadFile() == null ? null : PayloadSpool.spool(o.payloadFile(), n, o.payloadPerBlock(), output, progress);
            long[] userIds = o.idsFile() == null ? null : IdFile.read(o.idsFile(), n);
            t = lap("payloads", t);
            try {
                int flags = (userIds != null ? PARAM_FLAG_USER_IDS : 0) | (payloads != null ? PARAM_FLAG_PAYLOADS : 0) | (unitNorm ? PARAM_FLAG_UNIT_NORM : 0)
                        | (o.pdxWholeRows() && vertical > 0 ? PARAM_FLAG_PDX_WHOLE_ROWS : 0);
                IndexParams params = new IndexParams(n, dim, dPad, o.metric(), nlist, o.seed(), o.rotationRounds(), pqM,
                        o.pdxBlock(), vertical, o.adsEpsilon0(), Math.min(o.adsStep(), dPad),
                        payloads == null ? 0 : o.payloadPerBlock(), payloads == null ? 0 : payloads.blocks(),
                        flags, o.kmeansIterations(), sampleSize);
                CellDirectory dir = CellDirectory.fromSizes(cellSizes);
                SpillDirectory spillDir = spill == null ? null : SpillDirectory.fromSizes(spillSizes);
                Map<SectionKind, Long> lengths = SectionLengths.plan(params, dir.totalPqBlocks(), spillDir == null ? -1 : spillDir.total(),
                        payloads == null ? 0 : payloads.dataBytes());

                String buildId;
                try (VidxFileWriter w = VidxFileWriter.create(output, lengths)) {
                    params.writeTo(w.section(SectionKind.PARAMS));
                    rotation.writeTo(w.section(SectionKind.ROTATION));
                    MemorySegment.copy(centroids, 0, w.section(SectionKind.CENTROIDS), F32, 0, centroids.length);
                    MemorySegment.copy(centroidsRot, 0, w.section(SectionKind.CENTROIDS_ROTATED), F32, 0, centroidsRot.length);
                    dir.writeTo(w.section(SectionKind.CELL_DIRECTORY));
                    if (spillDir != null) spillDir.writeTo(w.section(SectionKind.SPILL_DIRECTORY));
                    MemorySegment.copy(pq.codebooks(), 0, w.section(SectionKind.PQ_CODEBOOKS), F32, 0, pq.codebooks().length);
                    if (userIds != null) MemorySegment.copy(userIds, 0, w.section(SectionKind.USER_IDS), I64, 0, n);
                    if (payloads != null) payloads.copyInto(w.section(SectionKind.PAYLOAD_INDEX), w.section(SectionKind.PAYLOAD_DATA));
                    encodeAll(par, params, dir, assignment, spillDir, spill, rotation, centroidsRot, pq, w);
                    t = lap("encode", t);
                    try (BuildProgress.Phase p = progress.phase("checksum + fsync", -1)) {
                        buildId = HexFormat.of().formatHex(w.commit());
                    }
                    lap("commit", t);
                }
                return new BuildReport(output, n, dim, nlist, pqM, Files.size(output), buildId, timings);
            } finally {
                if (payloads != null) payloads.close();
            }
        }
    }

    private double seconds(long since) { return (System.nanoTime() - since) / 1e9; }

    private long lap(String phase, long since) {
        timings.merge(phase, seconds(since), Double::sum);
        return System.nanoTime();
    }

    /** Reads the rows named in sorted {@code rows} in one pass. */
    private float[] readRows(int[] rows, int dim) throws IOException {
        float[] out = new float[rows.length * dim];
        float[] v = new float[dim];
        try (BuildProgress.Phase p = progress.phase("sample " + rows.length + " training vectors", input.count());
             VectorCursor cur = input.open()) {
            int next = 0;
            for (long row = 0; next < rows.length && cur.next(v); row++) {
                if (row == rows[next]) System.arraycopy(v, 0, out, dim * next++, dim);
                if ((row & 8191) == 8191) p.step(8192);
            }
            if (next != rows.length) throw new IOException(input.path() + ": ended after fewer vectors than its count " + input.count());
        }
        return out;
    }

    /**
     * Pass 2: nearest centroid of every vector and, when {@code spill} is not null, its spill cell ({@link
     * SoarSpill}, counted in {@code spillSizes}). Returns whether all vectors have unit norm.
     */
    private boolean assignAll(Parallel par, float[] centroids, int nlist, int dim, int[] assignment, long[] sizes,
                              int[] spill, long[] spillSizes) throws IOException {
        // L2 assigns by ||c||^2 - 2<x,c>; IP by -2<x,c> (largest inner product), the rule the reader routes by.
        float[] norms = o.metric() == Metric.L2 ? NearestCentroid.norms(centroids, nlist, dim) : new float[nlist];
        SoarSpill soar = spill == null ? null : new SoarSpill(centroids, nlist, dim, norms);
        float[] chunk = new float[CHUNK * dim];
        java.util.concurrent.atomic.AtomicBoolean notUnit = new java.util.concurrent.atomic.AtomicBoolean();
        try (BuildProgress.Phase p = progress.phase("assign to cells", input.count()); VectorCursor cur = input.open()) {
            int base = 0;
            for (int got; (got = cur.next(chunk, CHUNK)) > 0; base += got) {
                final int b = base;
                par.forRange(got, 64, (from, to) -> {
                    int m = soar == null ? 1 : SoarSpill.ranked(nlist);
                    int[] l = new int[(to - from) * m];
                    float[] keys = new float[(to - from) * m];
                    NearestCentroid.nearest(chunk, from, to, dim, centroids, norms, nlist, m, l, keys);
                    boolean allUnit = true;
                    for (int i = from; i < to; i++) {
                        assignment[b + i] = l[(i - from) * m];
                        // ‖x‖², once per vector: the unit-norm check and the spill choice both need it.
                        double xx = NearestCentroid.dot(chunk, i * dim, chunk, i * dim, dim);
                        allUnit &= Math.abs(Math.sqrt(xx) - 1) <= 1e-3;
                        if (soar != null) spill[b + i] = soar.secondCell(xx, l, keys, (i - from) * m, m);
                    }
                    if (!allUnit) notUnit.set(true); // once per range, not per vector
                });
                for (int i = 0; i < got; i++) {
                    sizes[assignment[base + i]]++;
                    if (soar != null) spillSizes[spill[base + i]]++;
                }
                p.step(got);
            }
            if (base != assignment.length) throw new IOException(input.path() + ": read " + base + " vectors, expected " + assignment.length);
        }
        return !notUnit.get();
    }

    private ProductQuantizer trainPq(Parallel par, float[] sample, int sampleSize, int[] sampleRows, int[] assignment,
                                     HadamardRotation rotation, float[] centroidsRot, int dPad, int pqM, long seed) {
        int m = Math.min(sampleSize, o.pqTrainSample());
        int dim = rotation.dim();
        float[] residuals = new float[m * dPad];
        float[] v = new float[dim], r = new float[dPad];
        for (int i = 0; i < m; i++) {
            System.arraycopy(sample, i * dim, v, 0, dim);
            rotation.apply(v, r);
            int cell = assignment[sampleRows[i]];
            for (int d = 0; d < dPad; d++) residuals[i * dPad + d] = r[d] - centroidsRot[cell * dPad + d];
        }
        try (BuildProgress.Phase p = progress.phase("PQ codebooks (" + pqM + " x 16)", -1)) {
            return ProductQuantizer.train(residuals, m, dPad, pqM, 15, seed, par);
        }
    }

    /**
     * Pass 3: every vector's codes and rotated row into its cell-ordered position; with a spill directory,
     * also its code and factors against its spill cell's centroid, and that position, into the next slot
     * of the spill cell's run (slots fill in input order).
     */
    private void encodeAll(Parallel par, IndexParams params, CellDirectory dir, int[] assignment, SpillDirectory spillDir, int[] spill,
                           HadamardRotation rotation, float[] centroidsRot, ProductQuantizer pq, VidxFileWriter w) throws IOException {
        int dim = params.dim(), dPad = params.paddedDim(), pqM = params.pqM(), words = dPad / 64;
        MemorySegment codes = w.section(SectionKind.BINARY_CODES);
        MemorySegment factors = w.section(SectionKind.CODE_FACTORS);
        MemorySegment pdx = w.section(SectionKind.PDX_VECTORS);
        MemorySegment rowIds = w.section(SectionKind.ROW_IDS);
        MemorySegment pqCodes = w.section(SectionKind.PQ_CODES);
        PdxLayout layout = PdxLayout.of(params);
        long[] cursor = new long[params.nlist()];
        for (int c = 0; c < cursor.length; c++) cursor[c] = dir.rowStart(c);
        MemorySegment spillCodes = spillDir == null ? null : w.section(SectionKind.SPILL_CODES);
        MemorySegment spillFactors = spillDir == null ? null : w.section(SectionKind.SPILL_FACTORS);
        MemorySegment spillRows = spillDir == null ? null : w.section(SectionKind.SPILL_ROWS);
        long[] spillCursor = new long[params.nlist()];
        if (spillDir != null) for (int c = 0; c < spillCursor.length; c++) spillCursor[c] = spillDir.start(c);
        long[] spillSlot = new long[CHUNK];
        float[] chunk = new float[CHUNK * dim];
        long[] position = new long[CHUNK];
        byte[] pqChunk = new byte[CHUNK * pqM];
        try (BuildProgress.Phase p = progress.phase("encode + write", params.count()); VectorCursor cur = input.open()) {
            int base = 0;
            for (int got; (got = cur.next(chunk, CHUNK)) > 0; base += got) {
                for (int i = 0; i < got; i++) {
                    position[i] = cursor[assignment[base + i]]++;
                    if (spill != null) spillSlot[i] = spillCursor[spill[base + i]]++;
                }
                final int b = base;
                par.forRange(got, 64, (from, to) -> {
                    float[] v = new float[dim], r = new float[dPad], res = new float[dPad];
                    long[] code = new long[words];
                    for (int i = from; i < to; i++) {
                        System.arraycopy(chunk, i * dim, v, 0, dim);
                        rotation.apply(v, r);
                        long pos = position[i];
                        if (spill != null) {
                            long slot = spillSlot[i];
                            writeResidualCode(r, centroidsRot, spill[b + i], res, code, spillCodes, spillFactors, slot);
                            spillRows.set(I64, 8 * slot, pos);
                        }
                        writeResidualCode(r, centroidsRot, assignment[b + i], res, code, codes, factors, pos);
                        pq.encode(res, 0, pqChunk, i * pqM);
                        writePdxRow(pdx, layout, pos, r);
                        rowIds.set(I64, 8 * pos, b + i);
                    }
                });
                // Two vectors share each PQ byte (nibbles), so packing stays on one thread.
                for (int i = 0; i < got; i++) {
                    int cell = assignment[base + i];
                    long inCell = position[i] - dir.rowStart(cell);
                    long block = dir.pqBlockStart(cell) + inCell / PQ_BLOCK_VECTORS;
                    MemorySegment blk = pqCodes.asSlice(block * params.pqBlockBytes(), params.pqBlockBytes());
                    for (int s = 0; s < pqM; s++) FastScanLayout.put(blk, s, (int) (inCell % PQ_BLOCK_VECTORS), pqChunk[i * pqM + s]);
                }
                p.step(got);
            }
        }
    }

    /**
     * The residual {@code res} = r − CR[cell], and its 1-bit code and factors (‖res‖, ⟨CR[cell], res⟩) at
     * entry {@code at} of the code and factor sections; {@code res} is left holding the residual.
     */
    private static void writeResidualCode(float[] r, float[] centroidsRot, int cell, float[] res, long[] code,
                                          MemorySegment codes, MemorySegment factors, long at) {
        int dPad = r.length;
        double norm2 = 0, centroidDot = 0;
        for (int d = 0; d < dPad; d++) {
            float c = centroidsRot[cell * dPad + d];
            res[d] = r[d] - c;
            norm2 += (double) res[d] * res[d];
            centroidDot += (double) c * res[d];
        }
        factors.set(F32, 8 * at, (float) Math.sqrt(norm2));
        factors.set(F32, 8 * at + 4, (float) centroidDot);
        BinaryCodes.encode(res, code);
        BinaryCodes.write(code, codes, at * (dPad / 8));
    }

    static void writePdxRow(MemorySegment pdx, PdxLayout layout, long row, float[] r) {
        long base = layout.blockOffset(row) + 4L * (row % layout.block());
        long stride = 4L * layout.block();
        for (int d = 0; d < layout.verticalDims(); d++) pdx.set(F32, base + d * stride, r[d]);
        int first = layout.paddedDim() - layout.rowFloats(); // 0 with whole rows: the vertical dims again
        MemorySegment.copy(r, first, pdx, F32, layout.blockOffset(row) + layout.rowPartInBlock((int) (row % layout.block())), layout.rowFloats());
    }
}
