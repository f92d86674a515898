package io.vidx.format;

import static io.vidx.format.FormatConstants.*;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A vidx index file mapped read-only and validated the way format-spec.md §Validation says a reader
 * must before touching data: header, footer, section table, tiling, PARAMS, every section length, and
 * the checksums and structure of the small metadata sections. That work is O(sections + nlist +
 * payload blocks): it never reads the per-vector sections. {@link #verify()} checks every remaining byte.
 *
 * <p>The mapping belongs to the arena passed to {@link #open}; this object holds no other resource.
 */
public final class VidxFile {
    private final String name;
    private final MemorySegment file;
    private final FileHeader header;
    private final Footer footer;
    private final List<SectionEntry> entries;
    private final Map<SectionKind, SectionEntry> byKind;
    private final IndexParams params;

    private VidxFile(String name, MemorySegment file, FileHeader header, Footer footer, List<SectionEntry> entries,
                     Map<SectionKind, SectionEntry> byKind, IndexParams params) {
        this.name = name;
        this.file = file;
        this.header = header;
        this.footer = footer;
        this.entries = entries;
        this.byKind = byKind;
        this.params = params;
    }

    /** Maps {@code path} read-only into {@code arena} and validates it. */
    public static VidxFile open(Path path, Arena arena, ReadLimits limits) {
        String name = path.toString();
        MemorySegment segment;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER_BYTES + FOOTER_BYTES) {
                throw new VidxFormatException(name, null, -1, "file is " + size + " bytes, too small to be a vidx index (at least "
                        + (HEADER_BYTES + FOOTER_BYTES) + ")" + (size == 0 ? "; it is empty" : ""));
            }
            segment = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
        } catch (NoSuchFileException e) {
            throw new VidxFormatException(name, null, -1, "no such file");
        } catch (IOException e) {
            throw new VidxFormatException(name, null, -1, "cannot map: " + e.getMessage(), e);
        }
        return validate(name, segment, limits);
    }

    /** Validates bytes already in memory (tests, fuzzing, in-memory images). */
    public static VidxFile validate(String name, MemorySegment segment, ReadLimits limits) {
        long size = segment.byteSize();
        if (size < HEADER_BYTES + FOOTER_BYTES) {
            throw new VidxFormatException(name, null, -1, "file is " + size + " bytes, too small to be a vidx index");
        }
        FileHeader header = FileHeader.read(segment, name);
        if (header.fileLength() != size) {
            String what = header.fileLength() > size
                    ? "truncated: the header records " + header.fileLength() + " bytes but the file has " + size
                    : "extended: the header records " + header.fileLength() + " bytes but the file has " + size + " (" + (size - header.fileLength()) + " trailing bytes)";
            throw new VidxFormatException(name, null, 32, what);
        }
        long footerOffset = size - FOOTER_BYTES;
        Footer footer = Footer.read(segment.asSlice(footerOffset, FOOTER_BYTES), name, footerOffset);
        if (footer.fileLength() != size) {
            throw new VidxFormatException(name, "FOOTER", footerOffset + 8, "file length: expected " + size + ", found " + footer.fileLength());
        }
        if (header.tableOffset() != HEADER_BYTES || header.entrySize() != SECTION_ENTRY_BYTES) {
            throw new VidxFormatException(name, null, 40, "section table: expected offset " + HEADER_BYTES + " and entry size "
                    + SECTION_ENTRY_BYTES + ", found " + header.tableOffset() + " and " + header.entrySize());
        }
        int count = header.sectionCount();
        if (count < 1 || count > MAX_SECTIONS) {
            throw new VidxFormatException(name, null, 48, "section count: expected 1.." + MAX_SECTIONS + ", found " + Integer.toUnsignedString(count));
        }
        long tableEnd = HEADER_BYTES + (long) count * SECTION_ENTRY_BYTES;
        if (tableEnd > footerOffset) {
            throw new VidxFormatException(name, null, 48, "section table of " + count + " entries runs past the footer at " + footerOffset);
        }
        MemorySegment table = segment.asSlice(HEADER_BYTES, tableEnd - HEADER_BYTES);
        int tableCrc = Checksums.crc32c(table);
        if (tableCrc != header.tableCrc()) {
            throw new VidxFormatException(name, "SECTION_TABLE", HEADER_BYTES, String.format("checksum mismatch: stored 0x%08x, computed 0x%08x", header.tableCrc(), tableCrc));
        }

        List<SectionEntry> entries = new ArrayList<>(count);
        Map<SectionKind, SectionEntry> byKind = new EnumMap<>(SectionKind.class);
        long cursor = tableEnd;
        for (int i = 0; i < count; i++) {
            SectionEntry e = SectionEntry.readFrom(table, i);
            long entryAt = HEADER_BYTES + (long) i * SECTION_ENTRY_BYTES;
            if (e.length() < 0 || e.offset() < 0) {
                throw new VidxFormatException(name, e.name(), entryAt, "negative offset or length: " + e.offset() + ", " + e.length());
            }
            long expectedOffset = alignUp(cursor, alignmentFor(e.length()));
            if (e.offset() != expectedOffset) {
                throw new VidxFormatException(name, e.name(), entryAt + 8, "offset: sections must tile the file in table order; expected "
                        + expectedOffset + ", found " + e.offset());
            }
            if (e.length() > footerOffset - e.offset()) {
                throw new VidxFormatException(name, e.name(), entryAt + 16, "length " + e.length() + " runs past the footer at " + footerOffset);
            }
            cursor = e.end();
            if (e.kind() == null) {
                if (e.required()) {
                    throw new VidxFormatException(name, e.name(), entryAt, "unknown section kind " + e.kindId()
                            + " is marked required: the file (format " + header.major() + "." + header.minor()
                            + ") needs a newer reader than this one (format " + MAJOR_VERSION + "." + MINOR_VERSION + ")");
                }
                continue; // unknown optional section: skipped, as the spec allows
            }
            if (byKind.put(e.kind(), e) != null) {
                throw new VidxFormatException(name, e.name(), entryAt, "section appears twice in the table");
            }
            entries.add(e);
        }
        long expectedFooter = alignUp(cursor, SECTION_ALIGNMENT);
        if (expectedFooter != footerOffset) {
            throw new VidxFormatException(name, "FOOTER", footerOffset, "footer must follow the last section at " + expectedFooter + ", found at " + footerOffset);
        }
        for (SectionKind k : SectionKind.values()) {
            if (k.mandatory && !byKind.containsKey(k)) {
                throw new VidxFormatException(name, k.name(), -1, "mandatory section is missing");
            }
        }

        SectionEntry pe = byKind.get(SectionKind.PARAMS);
        // A later minor version may append PARAMS fields; the length is bounded before it is checksummed.
        if (pe.length() < PARAMS_BYTES_V1_0 || pe.length() > MAX_PARAMS_BYTES) {
            throw new VidxFormatException(name, pe.name(), pe.offset(), "length: expected " + PARAMS_BYTES_V1_0 + ".." + MAX_PARAMS_BYTES + " bytes, found " + pe.length());
        }
        if (header.minor() <= LAST_MINOR_WITH_V1_0_PARAMS && pe.length() != PARAMS_BYTES_V1_0) {
            throw new VidxFormatException(name, pe.name(), pe.offset(), "length: format 1." + header.minor() + " PARAMS is " + PARAMS_BYTES_V1_0 + " bytes, found " + pe.length());
        }
        checkCrc(name, segment, pe);
        IndexParams params = IndexParams.read(segment.asSlice(pe.offset(), pe.length()), name, pe.offset());
        VidxFile vf = new VidxFile(name, segment, header, footer, Collections.unmodifiableList(entries), byKind, params);
        vf.checkLengthsAndMetadata(limits);
        return vf;
    }

    private void checkLengthsAndMetadata(ReadLimits limits) {
        requireFlagged(SectionKind.USER_IDS, params.hasUserIds());
        requireFlagged(SectionKind.PAYLOAD_INDEX, params.hasPayloads());
        requireFlagged(SectionKind.PAYLOAD_DATA, params.hasPayloads());
        boolean spill = byKind.containsKey(SectionKind.SPILL_DIRECTORY);
        for (SectionKind k : SectionKind.SPILL_ENTRIES) {
            requirePresence(k, spill, "SPILL_DIRECTORY is " + (spill ? "present" : "absent") + " (the four spill sections come together)");
        }
        for (SectionEntry e : byKind.values()) {
            if (e.kind() == SectionKind.PARAMS) continue; // checked above: it may grow with the minor version
            long expected = SectionLengths.expected(e.kind(), params);
            if (expected >= 0 && e.length() != expected) {
                throw new VidxFormatException(name, e.name(), e.offset(), "length: expected " + expected + " bytes from PARAMS, found " + e.length());
            }
        }
        for (SectionKind k : List.of(SectionKind.ROTATION, SectionKind.CELL_DIRECTORY, SectionKind.PQ_CODEBOOKS, SectionKind.PAYLOAD_INDEX, SectionKind.SPILL_DIRECTORY)) {
            SectionEntry e = byKind.get(k);
            if (e == null) continue;
            if (e.length() > limits.maxMetadataBytes()) {
                throw new VidxFormatException(name, e.name(), e.offset(), "metadata section of " + e.length()
                        + " bytes exceeds the reader's limit of " + limits.maxMetadataBytes() + " (raise ReadLimits.maxMetadataBytes to open it)");
            }
            checkCrc(name, file, e);
        }
        long totalPqBlocks = checkCellDirectory();
        SectionEntry pq = byKind.get(SectionKind.PQ_CODES);
        long pqExpected = SectionLengths.pqCodes(params, totalPqBlocks);
        if (pq.length() != pqExpected) {
            throw new VidxFormatException(name, pq.name(), pq.offset(), "length: expected " + pqExpected + " bytes for "
                    + totalPqBlocks + " fast-scan blocks, found " + pq.length());
        }
        if (params.hasPayloads()) checkPayloadIndex();
        if (spill) {
            long entries = checkSpillDirectory();
            for (SectionKind k : SectionKind.SPILL_ENTRIES) {
                SectionEntry e = byKind.get(k);
                long expected = SectionLengths.spill(k, params, entries);
                if (e.length() != expected) {
                    throw new VidxFormatException(name, e.name(), e.offset(), "length: expected " + expected + " bytes for "
                            + entries + " spilled entries, found " + e.length());
                }
            }
        }
    }

    /** Starts must rise from 0; each vector spills at most once, so the last is at most N. Returns it. */
    private long checkSpillDirectory() {
        long[] start = section(SectionKind.SPILL_DIRECTORY).toArray(I64);
        checkRisingStarts(byKind.get(SectionKind.SPILL_DIRECTORY), start, params.count(), "spill run"); // run c: cell c's spilled entries
        return start[start.length - 1];
    }

    /**
     * starts[0] must be 0 and each later start lie between the one before it and {@code max}: the shape
     * of every u64 start array in the format. Names the first entry that breaks it ({@code what} i).
     */
    private void checkRisingStarts(SectionEntry e, long[] starts, long max, String what) {
        if (starts[0] != 0) throw new VidxFormatException(name, e.name(), e.offset(), what + " 0 must start at 0, found " + starts[0]);
        for (int i = 1; i < starts.length; i++) {
            if (starts[i] < starts[i - 1] || starts[i] > max) {
                String which = i == starts.length - 1 ? "end of the last " + what : what + " " + i + " start";
                throw new VidxFormatException(name, e.name(), e.offset() + 8L * i, which + ": expected " + starts[i - 1] + ".." + max + ", found " + starts[i]);
            }
        }
    }

    /** {@code kind} must be present exactly when {@code expected}; {@code why} says what implies it. */
    private void requirePresence(SectionKind kind, boolean expected, String why) {
        if (expected != byKind.containsKey(kind)) {
            throw new VidxFormatException(name, kind.name(), -1, (expected ? "section is missing" : "section is present") + ", but " + why);
        }
    }

    private void requireFlagged(SectionKind kind, boolean flagged) {
        requirePresence(kind, flagged, "the PARAMS flag for it is " + (flagged ? "set" : "clear"));
    }

    /** Row starts must rise from 0 to N; PQ block starts must follow from the cell sizes. Returns total PQ blocks. */
    private long checkCellDirectory() {
        SectionEntry e = byKind.get(SectionKind.CELL_DIRECTORY);
        int nlist = params.nlist();
        // One bulk copy, then plain array reads: this runs once per open, usually in a cold JVM.
        long[] dir = section(SectionKind.CELL_DIRECTORY).toArray(I64);
        long prevRow = dir[0], prevBlock = dir[nlist + 1];
        if (prevRow != 0 || prevBlock != 0) {
            throw new VidxFormatException(name, e.name(), e.offset(), "cell 0 must start at row 0 and PQ block 0, found " + prevRow + " and " + prevBlock);
        }
        for (int c = 1; c <= nlist; c++) {
            long row = dir[c];
            long block = dir[nlist + 1 + c];
            if (row < prevRow || row > params.count()) {
                throw new VidxFormatException(name, e.name(), e.offset() + 8L * c, "row start of cell " + c + ": expected "
                        + prevRow + ".." + params.count() + ", found " + row);
            }
            long expectBlock = prevBlock + SectionLengths.pqBlocksForCell(row - prevRow);
            if (block != expectBlock) {
                throw new VidxFormatException(name, e.name(), e.offset() + 8L * (nlist + 1 + c), "PQ block start of cell " + c
                        + ": expected " + expectBlock + ", found " + block);
            }
            prevRow = row;
            prevBlock = block;
        }
        if (prevRow != params.count()) {
            throw new VidxFormatException(name, e.name(), e.offset() + 8L * nlist, "end of the last cell: expected row " + params.count() + ", found " + prevRow);
        }
        return prevBlock;
    }

    private void checkPayloadIndex() {
        SectionEntry e = byKind.get(SectionKind.PAYLOAD_INDEX);
        long[] idx = section(SectionKind.PAYLOAD_INDEX).toArray(I64);
        long dataLength = byKind.get(SectionKind.PAYLOAD_DATA).length();
        checkRisingStarts(e, idx, dataLength, "payload block");
        if (idx[idx.length - 1] != dataLength) {
            throw new VidxFormatException(name, e.name(), e.offset() + 8L * (idx.length - 1), "payload blocks end at " + idx[idx.length - 1]
                    + " but PAYLOAD_DATA is " + dataLength + " bytes");
        }
    }

    private static void checkCrc(String name, MemorySegment file, SectionEntry e) {
        int actual = Checksums.crc32c(file.asSlice(e.offset(), e.length()));
        if (actual != e.crc32c()) {
            throw new VidxFormatException(name, e.name(), e.offset(), String.format("checksum mismatch: stored 0x%08x, computed 0x%08x", e.crc32c(), actual));
        }
    }

    /**
     * Checks every byte: each section's CRC, that all padding is zero, the whole-file CRC in the footer,
     * and that ROW_IDS is a permutation of 0..N-1. Throws on the first problem, naming where it is.
     */
    public void verify() {
        long cursor = HEADER_BYTES + (long) header.sectionCount() * SECTION_ENTRY_BYTES;
        String previous = "SECTION_TABLE";
        for (int i = 0; i < header.sectionCount(); i++) {
            SectionEntry e = SectionEntry.readFrom(file.asSlice(HEADER_BYTES), i);
            checkZero(cursor, e.offset(), "padding after " + previous);
            checkCrc(name, file, e);
            cursor = e.end();
            previous = e.name();
        }
        checkZero(cursor, file.byteSize() - FOOTER_BYTES, "padding after " + previous);
        int fileCrc = Checksums.crc32c(file.asSlice(0, file.byteSize() - 8));
        if (fileCrc != footer.fileCrc()) {
            throw new VidxFormatException(name, "FOOTER", file.byteSize() - 8, String.format("whole-file checksum mismatch: stored 0x%08x, computed 0x%08x", footer.fileCrc(), fileCrc));
        }
        checkReservedZero();
        checkRowIds();
        if (has(SectionKind.SPILL_ROWS)) checkSpillRows();
        checkInSectionPadding();
        if (params.pdxWholeRows()) checkPdxWholeRows();
    }

    /** With whole PDX rows, each row's row-major copy of dims 0..V-1 equals its vertical part, bit for bit (padding rows included). */
    private void checkPdxWholeRows() {
        SectionEntry e = byKind.get(SectionKind.PDX_VECTORS);
        PdxLayout layout = PdxLayout.of(params);
        long rows = params.pdxBlocks() * params.pdxBlock();
        for (long row = 0; row < rows; row++) {
            long copy = e.offset() + layout.wholeRowOffset(row);
            for (int d = 0; d < layout.verticalDims(); d++) {
                int vertical = file.get(I32, e.offset() + layout.offset(row, d)), repeated = file.get(I32, copy + 4L * d);
                if (vertical != repeated) {
                    throw new VidxFormatException(name, "PDX_VECTORS", copy + 4L * d, String.format(
                            "row %d, dim %d: the whole row holds 0x%08x, the vertical part 0x%08x (PDX_WHOLE_ROWS: they must be equal)", row, d, repeated, vertical));
                }
            }
        }
    }

    /** Each spilled entry names a position below N, outside its spill cell's own run, and no position spills twice. */
    private void checkSpillRows() {
        SectionEntry e = byKind.get(SectionKind.SPILL_ROWS);
        MemorySegment rows = section(SectionKind.SPILL_ROWS);
        SpillDirectory spill = SpillDirectory.read(section(SectionKind.SPILL_DIRECTORY), params.nlist());
        CellDirectory cells = CellDirectory.read(section(SectionKind.CELL_DIRECTORY), params.nlist());
        long n = params.count();
        long[] seen = new long[(int) ((n + 63) >>> 6)];
        for (int c = 0; c < params.nlist(); c++) {
            for (long i = spill.start(c); i < spill.end(c); i++) {
                long row = rows.get(I64, 8 * i);
                if (row < 0 || row >= n) {
                    throw new VidxFormatException(name, e.name(), e.offset() + 8 * i, "position: expected 0.." + (n - 1) + ", found " + row);
                }
                if (row >= cells.rowStart(c) && row < cells.rowEnd(c)) {
                    throw new VidxFormatException(name, e.name(), e.offset() + 8 * i, "position " + row + " is spilled into cell " + c + ", which is already its own cell");
                }
                if (!firstSighting(seen, row)) throw new VidxFormatException(name, e.name(), e.offset() + 8 * i, "position " + row + " is spilled twice");
            }
        }
    }

    /** Reserved fields of format 1.0 must be written as zero (so a later minor version can give them meaning). */
    private void checkReservedZero() {
        checkZero(76, 124, "HEADER reserved bytes");
        for (int i = 0; i < header.sectionCount(); i++) {
            long at = HEADER_BYTES + (long) i * SECTION_ENTRY_BYTES;
            checkZero(at + 28, at + 32, "SECTION_TABLE reserved bytes of entry " + i);
            if ((file.get(I32, at + 4) & ~SECTION_FLAG_REQUIRED) != 0) {
                throw new VidxFormatException(name, "SECTION_TABLE", at + 4, "undefined flag bits set: 0x" + Integer.toHexString(file.get(I32, at + 4)));
            }
        }
        long footer = file.byteSize() - FOOTER_BYTES;
        checkZero(footer + 20, footer + 24, "FOOTER reserved bytes");
        checkZero(footer + 28, footer + 32, "FOOTER reserved bytes");
        if (header.minor() <= LAST_MINOR_WITH_V1_0_PARAMS) {
            SectionEntry pe = byKind.get(SectionKind.PARAMS);
            checkZero(pe.offset() + 92, pe.offset() + PARAMS_BYTES_V1_0, "PARAMS reserved bytes");
        }
    }

    /** The PQ nibbles of padding slots and the PDX rows past N must be zero. */
    private void checkInSectionPadding() {
        SectionEntry pdxEntry = byKind.get(SectionKind.PDX_VECTORS);
        PdxLayout layout = PdxLayout.of(params);
        long n = params.count(), padded = params.pdxBlocks() * params.pdxBlock();
        for (long row = n; row < padded; row++) {
            for (int d = 0; d < params.paddedDim(); d++) {
                long off = layout.offset(row, d);
                if (file.get(I32, pdxEntry.offset() + off) != 0) {
                    throw new VidxFormatException(name, "PDX_VECTORS", pdxEntry.offset() + off, "padding row " + row + " (past N = " + n + ") must be zero");
                }
            }
        }
        SectionEntry pqEntry = byKind.get(SectionKind.PQ_CODES);
        MemorySegment pq = section(SectionKind.PQ_CODES);
        CellDirectory cells = CellDirectory.read(section(SectionKind.CELL_DIRECTORY), params.nlist());
        for (int c = 0; c < params.nlist(); c++) {
            long size = cells.size(c);
            if (size % PQ_BLOCK_VECTORS == 0) continue;
            long blockAt = (cells.pqBlockEnd(c) - 1) * params.pqBlockBytes();
            MemorySegment block = pq.asSlice(blockAt, params.pqBlockBytes());
            for (int j = (int) (size % PQ_BLOCK_VECTORS); j < PQ_BLOCK_VECTORS; j++) {
                for (int m = 0; m < params.pqM(); m++) {
                    if (FastScanLayout.get(block, m, j) != 0) {
                        throw new VidxFormatException(name, "PQ_CODES", pqEntry.offset() + blockAt + (long) m * PQ_CENTROIDS + (j & 15),
                                "padding slot " + j + " of cell " + c + "'s last block must be zero");
                    }
                }
            }
        }
    }

    private void checkZero(long from, long to, String what) {
        for (long p = from; p < to; p++) {
            if (file.get(java.lang.foreign.ValueLayout.JAVA_BYTE, p) != 0) {
                throw new VidxFormatException(name, what, p, "padding byte must be 0, found " + (file.get(java.lang.foreign.ValueLayout.JAVA_BYTE, p) & 0xff));
            }
        }
    }

    private void checkRowIds() {
        SectionEntry e = byKind.get(SectionKind.ROW_IDS);
        MemorySegment ids = section(SectionKind.ROW_IDS);
        long n = params.count();
        if (n > (long) Integer.MAX_VALUE * 64) throw new VidxFormatException(name, e.name(), e.offset(), "verify supports up to 2^37 rows, found " + n);
        long[] seen = new long[(int) ((n + 63) >>> 6)];
        for (long i = 0; i < n; i++) {
            long row = ids.get(I64, 8 * i);
            if (row < 0 || row >= n) {
                throw new VidxFormatException(name, e.name(), e.offset() + 8 * i, "row id: expected 0.." + (n - 1) + ", found " + row);
            }
            if (!firstSighting(seen, row)) throw new VidxFormatException(name, e.name(), e.offset() + 8 * i, "row id " + row + " appears twice");
        }
    }

    /** Marks {@code value} in the bit set; false if it was already marked. */
    private static boolean firstSighting(long[] seen, long value) {
        int w = (int) (value >>> 6);
        long bit = 1L << (value & 63);
        boolean first = (seen[w] & bit) == 0;
        seen[w] |= bit;
        return first;
    }

    public String name() { return name; }

    public MemorySegment segment() { return file; }

    public FileHeader header() { return header; }

    public Footer footer() { return footer; }

    public IndexParams params() { return params; }

    /** Known sections in table order. */
    public List<SectionEntry> sections() { return entries; }

    public boolean has(SectionKind kind) { return byKind.containsKey(kind); }

    public SectionEntry entry(SectionKind kind) {
        SectionEntry e = byKind.get(kind);
        if (e == null) throw new VidxFormatException(name, kind.name(), -1, "section is not in this file");
        return e;
    }

    /** The section's bytes: a read-only slice of the mapping, no copy. */
    public MemorySegment section(SectionKind kind) {
        SectionEntry e = entry(kind);
        return file.asSlice(e.offset(), e.length());
    }
}
