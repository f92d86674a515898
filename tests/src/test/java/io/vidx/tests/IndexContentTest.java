package io.vidx.tests;

import static io.vidx.format.FormatConstants.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vidx.format.BinaryCodes;
import io.vidx.format.CellDirectory;
import io.vidx.format.FastScanLayout;
import io.vidx.format.HadamardRotation;
import io.vidx.format.IndexParams;
import io.vidx.format.Metric;
import io.vidx.format.PdxLayout;
import io.vidx.format.ReadLimits;
import io.vidx.format.SectionKind;
import io.vidx.format.VidxFile;
import io.vidx.reader.VidxIndex;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every section of a built index, read back, equals what the indexer was meant to compute from the input. */
class IndexContentTest {
    @TempDir
    Path dir;

    @Test
    void sectionsHoldWhatTheIndexerComputed() throws Exception {
        TestIndex t = TestIndex.build(dir, 700, 100, Metric.L2, true);
        int n = t.base.length, dim = 100;
        try (Arena arena = Arena.ofConfined()) {
            VidxFile f = VidxFile.open(t.index, arena, ReadLimits.DEFAULT);
            f.verify();
            IndexParams p = f.params();
            assertThat(p.count()).isEqualTo(n);
            assertThat(p.dim()).isEqualTo(dim);
            assertThat(p.paddedDim()).isEqualTo(128);
            assertThat(p.nlist()).isEqualTo(700 / 40);
            assertThat(p.unitNorm()).isTrue();
            int dPad = p.paddedDim(), nlist = p.nlist();

            HadamardRotation rot = HadamardRotation.fromSeed(dim, t.options.seed(), t.options.rotationRounds());
            HadamardRotation stored = HadamardRotation.fromSection(dim, p.rotationRounds(), f.section(SectionKind.ROTATION));
            float[] probe = t.base[3];
            assertThat(stored.apply(probe)).containsExactly(rot.apply(probe));

            float[][] centroids = new float[nlist][dim];
            float[][] centroidsRot = new float[nlist][dPad];
            for (int c = 0; c < nlist; c++) {
                MemorySegment.copy(f.section(SectionKind.CENTROIDS), F32, 4L * c * dim, centroids[c], 0, dim);
                MemorySegment.copy(f.section(SectionKind.CENTROIDS_ROTATED), F32, 4L * c * dPad, centroidsRot[c], 0, dPad);
                assertThat(centroidsRot[c]).containsExactly(rot.apply(centroids[c]));
            }

            CellDirectory cells = CellDirectory.read(f.section(SectionKind.CELL_DIRECTORY), nlist);
            MemorySegment rowIds = f.section(SectionKind.ROW_IDS);
            MemorySegment codes = f.section(SectionKind.BINARY_CODES);
            MemorySegment factors = f.section(SectionKind.CODE_FACTORS);
            MemorySegment pdx = f.section(SectionKind.PDX_VECTORS);
            MemorySegment pqCodes = f.section(SectionKind.PQ_CODES);
            float[] books = f.section(SectionKind.PQ_CODEBOOKS).toArray(java.lang.foreign.ValueLayout.JAVA_FLOAT);
            PdxLayout layout = PdxLayout.of(p);
            boolean[] seen = new boolean[n];
            for (int c = 0; c < nlist; c++) {
                for (long pos = cells.rowStart(c); pos < cells.rowEnd(c); pos++) {
                    int row = (int) rowIds.get(I64, 8 * pos);
                    assertThat(seen[row]).as("row %d placed twice", row).isFalse();
                    seen[row] = true;
                    float[] x = t.base[row];
                    // Cell: the nearest stored centroid (up to float rounding between kernels).
                    double own = TestIndex.score(x, centroids[c], Metric.L2), best = Double.MAX_VALUE;
                    for (float[] cc : centroids) best = Math.min(best, TestIndex.score(x, cc, Metric.L2));
                    assertThat(own).isCloseTo(best, within(1e-4));
                    // PDX row: the rotated input vector, exactly.
                    float[] r = rot.apply(x);
                    for (int d = 0; d < dPad; d++) assertThat(pdx.get(F32, layout.offset(pos, d))).isEqualTo(r[d]);
                    // 1-bit code: sign bits of the rotated residual.
                    float[] res = new float[dPad];
                    double norm = 0, cdot = 0;
                    for (int d = 0; d < dPad; d++) {
                        res[d] = r[d] - centroidsRot[c][d];
                        norm += res[d] * (double) res[d];
                        cdot += centroidsRot[c][d] * (double) res[d];
                    }
                    long[] code = new long[dPad / 64];
                    BinaryCodes.encode(res, code);
                    for (int w = 0; w < code.length; w++) assertThat(codes.get(I64, pos * (dPad / 8) + 8L * w)).isEqualTo(code[w]);
                    assertThat((double) factors.get(F32, 8 * pos)).isCloseTo(Math.sqrt(norm), within(1e-4));
                    assertThat((double) factors.get(F32, 8 * pos + 4)).isCloseTo(cdot, within(1e-4));
                    // PQ code: the nearest codebook entry per subspace.
                    long inCell = pos - cells.rowStart(c);
                    MemorySegment block = pqCodes.asSlice((cells.pqBlockStart(c) + inCell / 32) * p.pqBlockBytes(), p.pqBlockBytes());
                    int dsub = p.pqDsub();
                    for (int s = 0; s < p.pqM(); s++) {
                        int code4 = FastScanLayout.get(block, s, (int) (inCell % 32));
                        double chosen = 0, bestSub = Double.MAX_VALUE;
                        for (int e = 0; e < 16; e++) {
                            double dd = 0;
                            for (int j = 0; j < dsub; j++) {
                                double diff = res[s * dsub + j] - books[(s * 16 + e) * dsub + j];
                                dd += diff * diff;
                            }
                            bestSub = Math.min(bestSub, dd);
                            if (e == code4) chosen = dd;
                        }
                        assertThat(chosen).isCloseTo(bestSub, within(1e-5));
                    }
                }
                // PQ padding slots of the cell's last block are zero.
                long size = cells.size(c);
                if (size % 32 != 0) {
                    MemorySegment last = pqCodes.asSlice((cells.pqBlockEnd(c) - 1) * p.pqBlockBytes(), p.pqBlockBytes());
                    for (int j = (int) (size % 32); j < 32; j++) for (int s = 0; s < p.pqM(); s++) assertThat(FastScanLayout.get(last, s, j)).isZero();
                }
            }
            for (boolean b : seen) assertThat(b).isTrue();
        }
        try (VidxIndex idx = VidxIndex.open(t.index)) {
            for (int row = 0; row < t.base.length; row += 37) assertThat(idx.payloadOfRow(row)).isEqualTo(t.payloads.get(row));
        }
    }
}
