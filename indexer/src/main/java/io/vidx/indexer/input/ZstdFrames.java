package io.vidx.indexer.input;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Finds the decompressed size of a .zst file without decompressing it, by walking its frame and block
 * headers (RFC 8878) with small positional reads: the total is known when every frame declares its
 * content size, as {@code zstd FILE} and {@code Zstd.compress} do, but streaming compressors do not.
 * Knowing the size lets a .zst input be counted and size-checked at open without a full counting pass.
 * Anything unexpected (legacy or unknown frames, a truncated file, a reserved block type) answers
 * "unknown" and leaves the diagnosis to the decompressor; a wrong declared size cannot go unnoticed
 * either, because the decompressor verifies it and the readers verify that the data ends where expected.
 */
final class ZstdFrames {
    private ZstdFrames() {}

    private static final int FRAME_MAGIC = 0xFD2FB528;
    private static final int SKIPPABLE_MAGIC = 0x184D2A50; // low 4 bits vary
    private static final int[] DICT_ID_BYTES = {0, 1, 2, 4};

    /** Total decompressed size of all frames of {@code path}, or -1 if it cannot be known from the headers. */
    static long contentSize(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return contentSize(ch);
        }
    }

    static long contentSize(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0) return -1;
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        long pos = 0;
        long total = 0;
        while (pos < size) {
            if (read(ch, b, pos, 4) < 4) return -1;
            int magic = b.getInt(0);
            if ((magic & 0xFFFFFFF0) == SKIPPABLE_MAGIC) {
                if (read(ch, b, pos + 4, 4) < 4) return -1;
                pos += 8 + (b.getInt(0) & 0xFFFFFFFFL);
                continue;
            }
            if (magic != FRAME_MAGIC) return -1;
            int got = read(ch, b, pos + 4, 14); // descriptor, window, dictionary id, content size: at most 14
            if (got < 1) return -1;
            int fhd = b.get(0) & 0xFF;
            if ((fhd & 0x08) != 0) return -1; // reserved bit
            boolean singleSegment = (fhd & 0x20) != 0;
            boolean checksum = (fhd & 0x04) != 0;
            int fcsFlag = fhd >>> 6;
            int fcsBytes = fcsFlag == 0 ? (singleSegment ? 1 : 0) : 1 << fcsFlag;
            if (fcsBytes == 0) return -1; // content size not declared
            int at = 1 + (singleSegment ? 0 : 1) + DICT_ID_BYTES[fhd & 3];
            if (got < at + fcsBytes) return -1;
            long fcs = switch (fcsBytes) {
                case 1 -> b.get(at) & 0xFF;
                case 2 -> (b.getShort(at) & 0xFFFF) + 256;
                case 4 -> b.getInt(at) & 0xFFFFFFFFL;
                default -> b.getLong(at);
            };
            if (fcs < 0) return -1;
            long q = pos + 4 + at + fcsBytes;
            while (true) {
                if (read(ch, b, q, 3) < 3) return -1;
                int h = (b.get(0) & 0xFF) | (b.get(1) & 0xFF) << 8 | (b.get(2) & 0xFF) << 16;
                int type = (h >>> 1) & 3;
                if (type == 3) return -1; // reserved
                q += 3 + (type == 1 ? 1 : h >>> 3); // an RLE block stores one byte
                if ((h & 1) != 0) break; // last block
                if (q >= size) return -1;
            }
            if (checksum) q += 4;
            if (q > size) return -1;
            total += fcs;
            if (total < 0) return -1;
            pos = q;
        }
        return pos == size ? total : -1;
    }

    /** Reads up to n (<= 16) bytes at {@code pos} into b[0..n); returns how many were available. */
    private static int read(FileChannel ch, ByteBuffer b, long pos, int n) throws IOException {
        b.clear().limit(n);
        while (b.hasRemaining()) {
            int r = ch.read(b, pos + b.position());
            if (r < 0) break;
        }
        return b.position();
    }
}
