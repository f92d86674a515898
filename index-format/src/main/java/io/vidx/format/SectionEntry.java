package io.vidx.format;

import static io.vidx.format.FormatConstants.*;

import java.lang.foreign.MemorySegment;

/**
 * One 32-byte row of the section table: kind id, flags, absolute offset, length, CRC32C of the
 * section's bytes. {@code kind} is null for a kind this reader does not know (only legal when optional).
 */
public record SectionEntry(int kindId, SectionKind kind, int flags, long offset, long length, int crc32c) {

    public boolean required() { return (flags & SECTION_FLAG_REQUIRED) != 0; }

    public long end() { return offset + length; }

    public String name() { return kind != null ? kind.name() : "#" + kindId; }

    public void writeTo(MemorySegment table, int index) {
        long at = (long) index * SECTION_ENTRY_BYTES;
        table.set(I32, at, kindId);
        table.set(I32, at + 4, flags);
        table.set(I64, at + 8, offset);
        table.set(I64, at + 16, length);
        table.set(I32, at + 24, crc32c);
        table.set(I32, at + 28, 0);
    }

    public static SectionEntry readFrom(MemorySegment table, int index) {
        long at = (long) index * SECTION_ENTRY_BYTES;
        int kindId = table.get(I32, at);
        return new SectionEntry(kindId, SectionKind.fromId(kindId), table.get(I32, at + 4),
                table.get(I64, at + 8), table.get(I64, at + 16), table.get(I32, at + 24));
    }
}
