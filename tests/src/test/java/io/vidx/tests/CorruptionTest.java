package io.vidx.tests;

import static io.vidx.format.FormatConstants.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vidx.format.Checksums;
import io.vidx.format.Metric;
import io.vidx.format.PdxLayout;
import io.vidx.format.ReadLimits;
import io.vidx.format.SectionEntry;
import io.vidx.format.VidxFile;
import io.vidx.format.VidxFormatException;
import io.vidx.reader.SearchParams;
import io.vidx.reader.VidxIndex;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corrupt, truncated and wrong-version files raise the format exception, naming what is wrong. */
class CorruptionTest {
    @TempDir
    Path dir;
    TestIndex t;
    byte[] good;
    List<SectionEntry> sections;

    @BeforeEach
    void build() throws Exception {
        t = TestIndex.build(dir, 500, 48, Metric.IP, true);
        good = Files.readAllBytes(t.index);
        try (Arena arena = Arena.ofConfined()) {
            sections = List.copyOf(VidxFile.open(t.index, arena, ReadLimits.DEFAULT).sections());
        }
    }

    private static VidxFormatException openAndVerify(byte[] bytes) {
        Throwable e = catchThrowable(() -> VidxFile.validate("bad.vidx", MemorySegment.ofArray(bytes), ReadLimits.DEFAULT).verify());
        assertThat(e).isInstanceOf(VidxFormatException.class);
        return (VidxFormatException) e;
    }

    @Test
    void aFlippedByteInsideAnySectionIsNamedByVerify() {
        for (SectionEntry s : sections) {
            if (s.length() == 0) continue;
            for (long at : new long[] {s.offset(), s.offset() + s.length() / 2, s.end() - 1}) {
                byte[] bad = good.clone();
                bad[(int) at] ^= 0x10;
                VidxFormatException e = openAndVerify(bad);
                assertThat(e.section()).as("flip at %d in %s: %s", at, s.name(), e.getMessage()).isEqualTo(s.name());
                assertThat(e.getMessage()).startsWith("bad.vidx: section " + s.name());
            }
        }
    }

    @Test
    void flipsInHeaderTableFooterAndPaddingAreCaught() {
        byte[] bad = good.clone();
        bad[60] ^= 1; // build id, covered by the header checksum
        assertThat(openAndVerify(bad).getMessage()).contains("header checksum");
        bad = good.clone();
        bad[HEADER_BYTES + 3] ^= 1;
        assertThat(openAndVerify(bad).section()).isEqualTo("SECTION_TABLE");
        bad = good.clone();
        bad[bad.length - 5] ^= 1;
        assertThat(openAndVerify(bad).section()).isEqualTo("FOOTER");
        // A padding byte between two sections.
        for (int i = 1; i < sections.size(); i++) {
            if (sections.get(i).offset() > sections.get(i - 1).end()) {
                bad = good.clone();
                bad[(int) sections.get(i - 1).end()] = 1;
                assertThat(openAndVerify(bad).section()).isEqualTo("padding after " + sections.get(i - 1).name());
                break;
            }
        }
    }

    @Test
    void truncatedAndExtendedFilesFailToOpenWithAClearError() throws Exception {
        for (int cut : new int[] {0, 10, HEADER_BYTES, good.length / 2, good.length - 1}) {
            Path p = dir.resolve("cut" + cut + ".vidx");
            Files.write(p, java.util.Arrays.copyOf(good, cut));
            assertThatThrownBy(() -> VidxIndex.open(p)).isInstanceOf(VidxFormatException.class)
                    .hasMessageContaining(p.toString()).satisfies(e -> assertThat(e.getMessage()).containsAnyOf("truncated", "too small"));
        }
        Path p = dir.resolve("longer.vidx");
        Files.write(p, java.util.Arrays.copyOf(good, good.length + 100));
        assertThatThrownBy(() -> VidxIndex.open(p)).isInstanceOf(VidxFormatException.class).hasMessageContaining("extended");
        assertThatThrownBy(() -> VidxIndex.open(dir.resolve("missing.vidx"))).isInstanceOf(VidxFormatException.class).hasMessageContaining("no such file");
    }

    @Test
    void newerMajorVersionsAndUnknownRequiredFeaturesAreRefusedNamingBothVersions() {
        byte[] bad = withHeader(good, h -> {
            h.set(I16, 8, (short) 2);
            h.set(I16, 10, (short) 0);
        });
        assertThat(openAndVerify(bad).getMessage()).contains("format version 2.0 is not supported").contains("format 1.x");
        bad = withHeader(good, h -> h.set(I64, 16, 1L << 5));
        assertThat(openAndVerify(bad).getMessage()).contains("needs features 0x20").contains("format " + MAJOR_VERSION + "." + MINOR_VERSION);
        bad = withHeader(good, h -> h.set(I16, 10, (short) 7)); // newer minor: additive, still opens
        VidxFile.validate("minor.vidx", MemorySegment.ofArray(bad), ReadLimits.DEFAULT);
        bad = good.clone();
        bad[0] = 'P';
        assertThat(openAndVerify(bad).getMessage()).contains("not a vidx file");
    }

    @Test
    void aReservedParamsByteIsRefusedInAFileOfTheCurrentMinorVersion() {
        assertThat(MemorySegment.ofArray(good).get(I16, 10)).isEqualTo((short) MINOR_VERSION); // written as the current minor version
        SectionEntry params = sections.stream().filter(e -> e.name().equals("PARAMS")).findFirst().orElseThrow();
        byte[] bad = good.clone();
        bad[(int) params.offset() + 100] = 1;
        // Re-sealed as a writer would have: only the reserved-field rule is left to catch it.
        reseal(bad, params);
        assertThat(openAndVerify(bad).getMessage()).contains("PARAMS reserved bytes");
    }

    @Test
    void aWholeRowThatDisagreesWithItsVerticalPartIsNamedByVerify() {
        try (Arena arena = Arena.ofConfined()) {
            VidxFile f = VidxFile.validate("good.vidx", MemorySegment.ofArray(good), ReadLimits.DEFAULT);
            assertThat(f.params().pdxWholeRows()).isTrue(); // the builder's default
            PdxLayout layout = PdxLayout.of(f.params());
            SectionEntry pdx = sections.stream().filter(e -> e.name().equals("PDX_VECTORS")).findFirst().orElseThrow();
            long row = 77, at = pdx.offset() + layout.wholeRowOffset(row) + 4L * 5; // dim 5 of row 77's whole copy
            byte[] bad = good.clone();
            MemorySegment.ofArray(bad).set(F32, at, MemorySegment.ofArray(bad).get(F32, at) + 1f);
            reseal(bad, pdx);
            VidxFormatException e = openAndVerify(bad);
            assertThat(e.section()).isEqualTo("PDX_VECTORS");
            assertThat(e.getMessage()).contains("offset " + at, "row 77, dim 5", "vertical part");
        }
    }

    /** Re-seals {@code changed}'s section CRC, the table, header and whole-file CRCs, as a writer would have. */
    private void reseal(byte[] bad, SectionEntry changed) {
        MemorySegment s = MemorySegment.ofArray(bad);
        long entry = HEADER_BYTES + (long) sections.indexOf(changed) * SECTION_ENTRY_BYTES;
        s.set(I32, entry + 24, Checksums.crc32c(s.asSlice(changed.offset(), changed.length())));
        s.set(I32, 72, Checksums.crc32c(s.asSlice(HEADER_BYTES, (long) sections.size() * SECTION_ENTRY_BYTES)));
        s.set(I32, 124, Checksums.crc32c(s.asSlice(0, 124)));
        s.set(I32, bad.length - FOOTER_BYTES + 24, Checksums.crc32c(s.asSlice(0, bad.length - 8)));
    }

    @Test
    void randomMutationsNeverEscapeAsAnotherExceptionType() throws Exception {
        Random rnd = new Random(1234);
        float[] q = t.queries[0];
        for (int trial = 0; trial < 300; trial++) {
            byte[] bad = good.clone();
            int flips = 1 + rnd.nextInt(4);
            for (int f = 0; f < flips; f++) bad[rnd.nextInt(bad.length)] ^= (byte) (1 << rnd.nextInt(8));
            Path p = dir.resolve("m.vidx");
            Files.write(p, bad);
            try (VidxIndex idx = VidxIndex.open(p)) {
                idx.search(q, SearchParams.funnel(5, 8, 50).withPayloads(true));
                idx.search(q, SearchParams.exact(5));
                idx.search(q, SearchParams.brute(5));
            } catch (VidxFormatException expected) {
                assertThat(expected.getMessage()).startsWith(p.toString());
            }
        }
    }

    /** Applies an edit to the header and re-seals its checksum, as a newer writer would have. */
    private static byte[] withHeader(byte[] file, java.util.function.Consumer<MemorySegment> edit) {
        byte[] out = file.clone();
        MemorySegment h = MemorySegment.ofArray(out).asSlice(0, HEADER_BYTES);
        edit.accept(h);
        h.set(I32, 124, Checksums.crc32c(h.asSlice(0, 124)));
        return out;
    }
}
