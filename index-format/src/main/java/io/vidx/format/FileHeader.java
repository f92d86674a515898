package io.vidx.format;

import static io.vidx.format.FormatConstants.*;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 128-byte header at offset 0. Layout (little-endian):
 * <pre>
 *   0  u8[8]  magic 89 56 49 44 58 0D 0A 1A
 *   8  u16    major version
 *  10  u16    minor version
 *  12  u32    file kind (1 = index)
 *  16  u64    required feature bits (a reader refuses any bit it does not know)
 *  24  u64    optional feature bits (ignored when unknown)
 *  32  u64    file length in bytes
 *  40  u64    section table offset (128 in format 1)
 *  48  u32    section count
 *  52  u32    section table entry size (32)
 *  56  u8[16] build id
 *  72  u32    CRC32C of the section table
 *  76  u8[48] reserved, zero
 * 124  u32    CRC32C of bytes 0..124
 * </pre>
 */
public record FileHeader(int major, int minor, int fileKind, long requiredFeatures, long optionalFeatures,
                         long fileLength, long tableOffset, int sectionCount, int entrySize,
                         byte[] buildId, int tableCrc) {

    public String buildIdHex() { return HexFormat.of().formatHex(buildId); }

    public void writeTo(MemorySegment s) {
        s.asSlice(0, HEADER_BYTES).fill((byte) 0);
        MemorySegment.copy(MemorySegment.ofArray(MAGIC), 0, s, 0, 8);
        s.set(I16, 8, (short) major);
        s.set(I16, 10, (short) minor);
        s.set(I32, 12, fileKind);
        s.set(I64, 16, requiredFeatures);
        s.set(I64, 24, optionalFeatures);
        s.set(I64, 32, fileLength);
        s.set(I64, 40, tableOffset);
        s.set(I32, 48, sectionCount);
        s.set(I32, 52, entrySize);
        MemorySegment.copy(MemorySegment.ofArray(buildId), 0, s, 56, 16);
        s.set(I32, 72, tableCrc);
        s.set(I32, 124, Checksums.crc32c(s.asSlice(0, 124)));
    }

    /** Reads and checks magic, header checksum, version, kind and features; not yet the lengths. */
    public static FileHeader read(MemorySegment s, String file) {
        byte[] magic = s.asSlice(0, 8).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new VidxFormatException(file, null, 0, "not a vidx file: magic expected "
                    + HexFormat.ofDelimiter(" ").formatHex(MAGIC) + ", found " + HexFormat.ofDelimiter(" ").formatHex(magic));
        }
        int major = Short.toUnsignedInt(s.get(I16, 8));
        int minor = Short.toUnsignedInt(s.get(I16, 10));
        int storedCrc = s.get(I32, 124);
        int actualCrc = Checksums.crc32c(s.asSlice(0, 124));
        if (major != MAJOR_VERSION) {
            // Say the version first: a newer file's header may legitimately differ in ways we cannot check.
            throw new VidxFormatException(file, null, 8, "format version " + major + "." + minor
                    + " is not supported: this reader reads format " + MAJOR_VERSION + ".x (up to "
                    + MAJOR_VERSION + "." + MINOR_VERSION + ")" + (storedCrc != actualCrc ? " (and the header checksum does not match)" : ""));
        }
        if (storedCrc != actualCrc) {
            throw new VidxFormatException(file, null, 124, String.format("header checksum mismatch: stored 0x%08x, computed 0x%08x", storedCrc, actualCrc));
        }
        int kind = s.get(I32, 12);
        if (kind != FILE_KIND_INDEX) {
            throw new VidxFormatException(file, null, 12, "file kind: expected " + FILE_KIND_INDEX + " (index), found " + kind);
        }
        long required = s.get(I64, 16);
        long unknown = required & ~KNOWN_REQUIRED_FEATURES;
        if (unknown != 0) {
            throw new VidxFormatException(file, null, 16, "file (format " + major + "." + minor + ") needs features 0x"
                    + Long.toHexString(unknown) + " that this reader (format " + MAJOR_VERSION + "." + MINOR_VERSION + ") does not know");
        }
        byte[] id = s.asSlice(56, 16).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        return new FileHeader(major, minor, kind, required, s.get(I64, 24), s.get(I64, 32), s.get(I64, 40),
                s.get(I32, 48), s.get(I32, 52), id, s.get(I32, 72));
    }
}
