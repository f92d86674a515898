package io.vidx.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Files written by {@link VidxFileWriter} read back byte for byte through {@link VidxFile}. */
class FormatRoundTripProperties {

    /** A structurally valid file with random contents where the format allows any bytes. */
    static Map<SectionKind, byte[]> writeRandom(Path path, long seed, int n, int dim) throws IOException {
        Random rnd = new Random(seed);
        int dPad = FormatConstants.paddedDim(dim);
        int nlist = 1 + rnd.nextInt(Math.min(n, 8));
        int pqM = 2;
        IndexParams p = new IndexParams(n, dim, dPad, rnd.nextBoolean() ? Metric.L2 : Metric.IP, nlist, seed, 1 + rnd.nextInt(3), pqM,
                8 << rnd.nextInt(4), rnd.nextInt(dPad + 1), 2.1f, 32, 0, 0, 0, 10, n);
        long[] sizes = new long[nlist];
        for (int i = 0; i < n; i++) sizes[rnd.nextInt(nlist)]++;
        CellDirectory dir = CellDirectory.fromSizes(sizes);
        // Format 1.1's spill sections, in about half the files: some positions filed again in another cell.
        long[][] spilled = nlist >= 2 && rnd.nextBoolean() ? randomSpill(rnd, dir, n) : null;
        SpillDirectory spillDir = null;
        if (spilled != null) {
            long[] spillSizes = new long[nlist];
            for (int c = 0; c < nlist; c++) spillSizes[c] = spilled[c].length;
            spillDir = SpillDirectory.fromSizes(spillSizes);
        }
        Map<SectionKind, Long> lengths = SectionLengths.plan(p, dir.totalPqBlocks(), spillDir == null ? -1 : spillDir.total(), 0);
        Map<SectionKind, byte[]> written = new EnumMap<>(SectionKind.class);
        try (VidxFileWriter w = VidxFileWriter.create(path, lengths)) {
            for (SectionKind k : lengths.keySet()) {
                MemorySegment s = w.section(k);
                switch (k) {
                    case PARAMS -> p.writeTo(s);
                    case CELL_DIRECTORY -> dir.writeTo(s);
                    case SPILL_DIRECTORY -> spillDir.writeTo(s);
                    case SPILL_ROWS -> {
                        long at = 0;
                        for (long[] cell : spilled) for (long row : cell) s.set(FormatConstants.I64, 8 * at++, row);
                    }
                    case ROW_IDS -> {
                        for (int i = 0; i < n; i++) s.set(FormatConstants.I64, 8L * i, (long) (n - 1 - i));
                    }
                    default -> {
                        byte[] b = new byte[(int) s.byteSize()];
                        rnd.nextBytes(b);
                        MemorySegment.copy(b, 0, s, ValueLayout.JAVA_BYTE, 0, b.length);
                        zeroPadding(k, s, p, dir);
                    }
                }
                written.put(k, s.toArray(ValueLayout.JAVA_BYTE));
            }
            w.commit();
        }
        return written;
    }

    /** Per cell, the positions spilled into it: each position at most once, never into its own cell. */
    static long[][] randomSpill(Random rnd, CellDirectory dir, int n) {
        int nlist = dir.nlist();
        java.util.List<java.util.List<Long>> into = new java.util.ArrayList<>();
        for (int c = 0; c < nlist; c++) into.add(new java.util.ArrayList<>());
        for (int c = 0; c < nlist; c++) {
            for (long row = dir.rowStart(c); row < dir.rowEnd(c); row++) {
                if (rnd.nextInt(4) == 0) continue;
                int other = (c + 1 + rnd.nextInt(nlist - 1)) % nlist;
                into.get(other).add(row);
            }
        }
        long[][] out = new long[nlist][];
        for (int c = 0; c < nlist; c++) out[c] = into.get(c).stream().mapToLong(Long::longValue).toArray();
        return out;
    }

    /** The spec requires padding rows of PDX_VECTORS and padding slots of PQ_CODES to be zero. */
    private static void zeroPadding(SectionKind k, MemorySegment s, IndexParams p, CellDirectory dir) {
        if (k == SectionKind.PDX_VECTORS) {
            PdxLayout l = PdxLayout.of(p);
            for (long row = p.count(); row < p.pdxBlocks() * p.pdxBlock(); row++) {
                for (int d = 0; d < p.paddedDim(); d++) s.set(FormatConstants.F32, l.offset(row, d), 0f);
            }
        } else if (k == SectionKind.PQ_CODES) {
            for (int c = 0; c < p.nlist(); c++) {
                long size = dir.size(c);
                if (size % 32 == 0) continue;
                MemorySegment block = s.asSlice((dir.pqBlockEnd(c) - 1) * p.pqBlockBytes(), p.pqBlockBytes());
                for (int j = (int) (size % 32); j < 32; j++) for (int m = 0; m < p.pqM(); m++) FastScanLayout.put(block, m, j, 0);
            }
        }
    }

    @Property(tries = 40)
    void everySectionReadsBackAsWritten(@ForAll @IntRange(min = 1, max = 200) int n, @ForAll @IntRange(min = 1, max = 130) int dim,
                                        @ForAll long seed) throws IOException {
        Path dir = Files.createTempDirectory("vidx-rt");
        Path file = dir.resolve("x.vidx");
        try {
            Map<SectionKind, byte[]> written = writeRandom(file, seed, n, dim);
            try (Arena arena = Arena.ofConfined()) {
                VidxFile f = VidxFile.open(file, arena, ReadLimits.DEFAULT);
                f.verify();
                assertThat(f.params().count()).isEqualTo(n);
                assertThat(f.params().dim()).isEqualTo(dim);
                for (Map.Entry<SectionKind, byte[]> e : written.entrySet()) {
                    assertThat(f.section(e.getKey()).toArray(ValueLayout.JAVA_BYTE)).as(e.getKey().name()).isEqualTo(e.getValue());
                    SectionEntry entry = f.entry(e.getKey());
                    assertThat(entry.offset() % FormatConstants.alignmentFor(entry.length())).isZero();
                }
            }
            // No temporary file is left beside the published one.
            try (var s = Files.list(dir)) {
                assertThat(s.map(x -> x.getFileName().toString())).containsExactly("x.vidx");
            }
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
            }
        }
    }

    @Property(tries = 30)
    void anySingleByteFlipIsCaughtByVerifyOrOpen(@ForAll @IntRange(min = 1, max = 100) int n, @ForAll long seed) throws IOException {
        Path dir = Files.createTempDirectory("vidx-flip");
        Path file = dir.resolve("x.vidx");
        try {
            writeRandom(file, seed, n, 1 + (int) Math.floorMod(seed, 100L));
            byte[] bytes = Files.readAllBytes(file);
            int at = new Random(seed).nextInt(bytes.length);
            bytes[at] ^= (byte) (1 << Math.floorMod(seed, 8L));
            assertThatThrownBy(() -> {
                try (Arena arena = Arena.ofConfined()) {
                    VidxFile.validate("x.vidx", MemorySegment.ofArray(bytes), ReadLimits.DEFAULT).verify();
                }
            }).isInstanceOf(VidxFormatException.class).hasMessageStartingWith("x.vidx");
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
            }
        }
    }

    @Property(tries = 30)
    void paramsRoundTrip(@ForAll @IntRange(min = 1, max = 5000) int dim, @ForAll @IntRange(min = 1, max = 100000) int n, @ForAll long seed) {
        int dPad = FormatConstants.paddedDim(dim);
        IndexParams p = new IndexParams(n, dim, dPad, Metric.IP, Math.min(n, 7), seed, 3, 2, 64, Math.min(32, dPad), 2.1f, 32,
                16, (n + 15) / 16, FormatConstants.PARAM_FLAG_PAYLOADS, 10, n);
        MemorySegment s = MemorySegment.ofArray(new byte[FormatConstants.PARAMS_BYTES_V1_0]);
        p.writeTo(s);
        assertThat(IndexParams.read(s, "p", 0)).isEqualTo(p);
    }
}
