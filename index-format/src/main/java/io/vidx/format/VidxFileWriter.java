package io.vidx.format;

import static io.vidx.format.FormatConstants.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * Writes one index file atomically. The caller declares every section's length up front; the writer
 * lays the sections out as the spec requires, creates a temporary file beside the target, and hands out
 * writable slices of its mapping. {@link #commit()} fills in checksums, section table, header and footer,
 * forces the bytes to disk, renames the file over the target and syncs the directory. Until then the
 * target is untouched; {@link #close()} without commit deletes the temporary file. A file that may be
 * mapped by a reader is never truncated or rewritten: replacement is always by rename.
 */
public final class VidxFileWriter implements AutoCloseable {
    private static final String TMP_MARK = ".vidx-tmp-";

    private final Path target;
    private final Path temp;
    private final Arena arena;
    private final FileChannel channel;
    private final MemorySegment file;
    private final Map<SectionKind, SectionEntry> layout;
    private boolean committed;

    private VidxFileWriter(Path target, Path temp, Arena arena, FileChannel channel, MemorySegment file, Map<SectionKind, SectionEntry> layout) {
        this.target = target;
        this.temp = temp;
        this.arena = arena;
        this.channel = channel;
        this.file = file;
        this.layout = layout;
    }

    /**
     * Plans the file and creates its temporary twin. {@code lengths} must hold every section to write;
     * they are laid out in {@link SectionKind} order.
     */
    public static VidxFileWriter create(Path target, Map<SectionKind, Long> lengths) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        removeStaleTemps(absolute);
        Map<SectionKind, SectionEntry> layout = new LinkedHashMap<>();
        long cursor = HEADER_BYTES + (long) lengths.size() * SECTION_ENTRY_BYTES;
        for (SectionKind k : SectionKind.values()) {
            Long len = lengths.get(k);
            if (len == null) continue;
            long offset = alignUp(cursor, alignmentFor(len));
            int flags = k.skippable ? 0 : SECTION_FLAG_REQUIRED;
            layout.put(k, new SectionEntry(k.id, k, flags, offset, len, 0));
            cursor = offset + len;
        }
        long fileLength = alignUp(cursor, SECTION_ALIGNMENT) + FOOTER_BYTES;
        Path temp = dir.resolve("." + absolute.getFileName() + TMP_MARK + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
        FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Arena arena = Arena.ofShared();
        try {
            // Extend to full length (sparse: unwritten padding reads as zero, as the spec requires).
            ch.write(ByteBuffer.wrap(new byte[1]), fileLength - 1);
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_WRITE, 0, fileLength, arena);
            return new VidxFileWriter(absolute, temp, arena, ch, seg, layout);
        } catch (IOException | RuntimeException e) {
            arena.close();
            ch.close();
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** Deletes temporary files a killed build of the same target left behind (their writer process is gone). */
    static void removeStaleTemps(Path target) throws IOException {
        String prefix = "." + target.getFileName() + TMP_MARK;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(target.getParent(), prefix + "*")) {
            for (Path p : ds) {
                String rest = p.getFileName().toString().substring(prefix.length());
                int dash = rest.indexOf('-');
                try {
                    long pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                } catch (NumberFormatException ignored) {
                    // not one of ours in a form we know: leave it
                    continue;
                }
                Files.deleteIfExists(p);
            }
        }
    }

    /** The writable bytes of one planned section. */
    public MemorySegment section(SectionKind kind) {
        SectionEntry e = layout.get(kind);
        if (e == null) throw new IllegalArgumentException("section " + kind + " was not planned");
        return file.asSlice(e.offset(), e.length());
    }

    /** Path of the temporary file being written (for tests and diagnostics). */
    public Path tempPath() { return temp; }

    /** Seals and publishes the file. Returns its build id. */
    public byte[] commit() throws IOException {
        if (committed) throw new IllegalStateException("already committed");
        int count = layout.size();
        MemorySegment table = file.asSlice(HEADER_BYTES, (long) count * SECTION_ENTRY_BYTES);
        MessageDigest sha = sha256();
        int i = 0;
        for (SectionEntry planned : layout.values()) {
            int crc = Checksums.crc32c(file.asSlice(planned.offset(), planned.length()));
            SectionEntry e = new SectionEntry(planned.kindId(), planned.kind(), planned.flags(), planned.offset(), planned.length(), crc);
            e.writeTo(table, i++);
            sha.update(table.asSlice((long) (i - 1) * SECTION_ENTRY_BYTES, SECTION_ENTRY_BYTES).asByteBuffer());
        }
        // The build id is a digest of the section table (hence of every section's CRC and place):
        // deterministic, so the same input and flags give a byte-identical file.
        byte[] buildId = java.util.Arrays.copyOf(sha.digest(), 16);
        long fileLength = file.byteSize();
        FileHeader header = new FileHeader(MAJOR_VERSION, MINOR_VERSION, FILE_KIND_INDEX, 0L, 0L, fileLength,
                HEADER_BYTES, count, SECTION_ENTRY_BYTES, buildId, Checksums.crc32c(table));
        header.writeTo(file);
        MemorySegment footer = file.asSlice(fileLength - FOOTER_BYTES, FOOTER_BYTES);
        Footer.write(footer, fileLength, 0);
        CRC32C crc = new CRC32C();
        Checksums.update(crc, file.asSlice(0, fileLength - 8));
        Footer.write(footer, fileLength, (int) crc.getValue());

        file.force();
        channel.force(true);
        closeMapping();
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
        committed = true;
        return buildId;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // Some file systems cannot fsync a directory; the rename itself is still atomic.
        }
    }

    private boolean mappingOpen = true;

    private void closeMapping() throws IOException {
        if (!mappingOpen) return;
        mappingOpen = false;
        arena.close();
        channel.close();
    }

    @Override
    public void close() {
        try {
            closeMapping();
            if (!committed) Files.deleteIfExists(temp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Planned layout, for tests: kind to (offset, length). */
    public Map<SectionKind, SectionEntry> layout() { return new EnumMap<>(layout); }
}
