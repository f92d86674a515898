package io.vidx.format;

import java.lang.foreign.MemorySegment;
import java.util.zip.CRC32C;

/** CRC32C over memory segments of any size (ByteBuffer views are capped at 2 GiB, so it goes in chunks). */
public final class Checksums {
    private Checksums() {}

    private static final long CHUNK = 1L << 28;

    public static int crc32c(MemorySegment segment) {
        CRC32C crc = new CRC32C();
        update(crc, segment);
        return (int) crc.getValue();
    }

    public static void update(CRC32C crc, MemorySegment segment) {
        long size = segment.byteSize();
        for (long pos = 0; pos < size; pos += CHUNK) {
            crc.update(segment.asSlice(pos, Math.min(CHUNK, size - pos)).asByteBuffer());
        }
    }
}
