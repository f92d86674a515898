package io.vidx.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spill sections' rules (format-spec.md §8.7a, §9): each break is refused, naming the section and what is wrong. */
class SpillValidationTest {
    @TempDir
    Path dir;

    private static final int N = 40, NLIST = 4, DIM = 16;

    /** A minimal file whose cells hold 10 positions each; {@code spillStarts} and {@code spillRows} as given, {@code drop} left out. */
    private Path write(long[] spillStarts, long[] spillRows, SectionKind drop) throws IOException {
        int dPad = FormatConstants.paddedDim(DIM);
        IndexParams p = new IndexParams(N, DIM, dPad, Metric.L2, NLIST, 1, 1, 2, 8, 0, 1.5f, 32, 0, 0, 0, 10, N);
        CellDirectory cells = CellDirectory.fromSizes(new long[] {10, 10, 10, 10});
        Map<SectionKind, Long> lengths = SectionLengths.plan(p, cells.totalPqBlocks(), spillRows.length, 0);
        if (drop != null) lengths.remove(drop);
        Path file = dir.resolve("s" + System.nanoTime() + ".vidx");
        try (VidxFileWriter w = VidxFileWriter.create(file, lengths)) {
            p.writeTo(w.section(SectionKind.PARAMS));
            cells.writeTo(w.section(SectionKind.CELL_DIRECTORY));
            MemorySegment ids = w.section(SectionKind.ROW_IDS);
            for (int i = 0; i < N; i++) ids.set(FormatConstants.I64, 8L * i, i);
            if (drop != SectionKind.SPILL_DIRECTORY) new SpillDirectory(spillStarts).writeTo(w.section(SectionKind.SPILL_DIRECTORY));
            if (drop != SectionKind.SPILL_ROWS) MemorySegment.copy(spillRows, 0, w.section(SectionKind.SPILL_ROWS), FormatConstants.I64, 0, spillRows.length);
            w.commit();
        }
        return file;
    }

    private static VidxFormatException refusal(Path file) {
        Throwable e = catchThrowable(() -> {
            try (Arena arena = Arena.ofConfined()) {
                VidxFile.open(file, arena, ReadLimits.DEFAULT).verify();
            }
        });
        assertThat(e).isInstanceOf(VidxFormatException.class);
        return (VidxFormatException) e;
    }

    private static void opensAndVerifies(Path file, Consumer<VidxFile> check) {
        try (Arena arena = Arena.ofConfined()) {
            VidxFile f = VidxFile.open(file, arena, ReadLimits.DEFAULT);
            f.verify();
            check.accept(f);
        }
    }

    @Test
    void aWellFormedSpillOpensAndVerifies() throws IOException {
        // Cell 0 gets positions 10 and 35, cell 2 gets 0; cells 1 and 3 none.
        Path ok = write(new long[] {0, 2, 2, 3, 3}, new long[] {10, 35, 0}, null);
        opensAndVerifies(ok, f -> {
            assertThat(f.header().minor()).isEqualTo(FormatConstants.MINOR_VERSION);
            assertThat(SpillDirectory.read(f.section(SectionKind.SPILL_DIRECTORY), NLIST).total()).isEqualTo(3);
            // Written skippable: a 1.0 reader, which does not know these kinds, reads the file without them.
            for (SectionKind k : SectionKind.SPILL) assertThat(f.entry(k).required()).as(k.name()).isFalse();
        });
    }

    @Test
    void theFourSectionsComeTogether() throws IOException {
        for (SectionKind missing : SectionKind.SPILL) {
            VidxFormatException e = refusal(write(new long[] {0, 1, 1, 1, 1}, new long[] {10}, missing));
            assertThat(e.getMessage()).as("without %s", missing).contains("the four spill sections come together");
        }
    }

    @Test
    void directoryStartsMustRiseFromZeroAndStayWithinN() throws IOException {
        assertThat(refusal(write(new long[] {1, 1, 1, 1, 1}, new long[] {10}, null)).getMessage())
                .contains("section SPILL_DIRECTORY").contains("must start at 0, found 1");
        assertThat(refusal(write(new long[] {0, 2, 1, 2, 2}, new long[] {10, 20}, null)).getMessage())
                .contains("section SPILL_DIRECTORY").contains("spill run 2 start: expected 2..40, found 1");
        assertThat(refusal(write(new long[] {0, 1, 1, 1, 41}, new long[] {10}, null)).getMessage())
                .contains("section SPILL_DIRECTORY").contains("end of the last spill run: expected 1..40, found 41");
    }

    @Test
    void positionsMustBeBelowNOutsideTheirSpillCellAndSpilledOnce() throws IOException {
        assertThat(refusal(write(new long[] {0, 1, 1, 1, 1}, new long[] {40}, null)).getMessage())
                .contains("section SPILL_ROWS").contains("position: expected 0..39, found 40");
        assertThat(refusal(write(new long[] {0, 1, 1, 1, 1}, new long[] {3}, null)).getMessage())
                .contains("section SPILL_ROWS").contains("position 3 is spilled into cell 0, which is already its own cell");
        assertThat(refusal(write(new long[] {0, 1, 2, 2, 2}, new long[] {25, 25}, null)).getMessage())
                .contains("section SPILL_ROWS").contains("position 25 is spilled twice");
    }
}
