package io.vidx.format;

import static io.vidx.format.FormatConstants.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * The 32-byte footer that ends the file:
 * <pre>
 *  0 u8[8] magic "VIDXEND" 1A
 *  8 u64   file length (repeats the header's, so truncation and extension tell apart)
 * 16 u32   checksum algorithm (1 = CRC32C)
 * 20 u32   reserved, zero
 * 24 u32   CRC32C of every byte of the file before offset (length - 8)
 * 28 u32   reserved, zero
 * </pre>
 */
public record Footer(long fileLength, int algorithm, int fileCrc) {

    public static void write(MemorySegment footer, long fileLength, int fileCrc) {
        footer.fill((byte) 0);
        MemorySegment.copy(MemorySegment.ofArray(FOOTER_MAGIC), 0, footer, 0, 8);
        footer.set(I64, 8, fileLength);
        footer.set(I32, 16, CHECKSUM_CRC32C);
        footer.set(I32, 24, fileCrc);
    }

    public static Footer read(MemorySegment footer, String file, long footerOffset) {
        byte[] magic = footer.asSlice(0, 8).toArray(ValueLayout.JAVA_BYTE);
        if (!Arrays.equals(magic, FOOTER_MAGIC)) {
            throw new VidxFormatException(file, "FOOTER", footerOffset, "footer magic not found at the end of the file: the file is truncated, extended or overwritten");
        }
        int algorithm = footer.get(I32, 16);
        if (algorithm != CHECKSUM_CRC32C) {
            throw new VidxFormatException(file, "FOOTER", footerOffset + 16, "checksum algorithm: expected " + CHECKSUM_CRC32C + " (CRC32C), found " + algorithm);
        }
        return new Footer(footer.get(I64, 8), algorithm, footer.get(I32, 24));
    }
}
