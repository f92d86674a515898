package io.vidx.format;

import com.github.luben.zstd.Zstd;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Per-vector payloads, block-compressed. Records are grouped by input row, P to a block; a block is
 * one zstd frame (with its content size in the frame header) whose decompressed bytes are:
 * u32 count, u32 end[count] (end offset of each record in the data that follows), then the records'
 * UTF-8 bytes back to back. PAYLOAD_INDEX holds blocks+1 u64 offsets into PAYLOAD_DATA.
 */
public final class PayloadCodec {
    private PayloadCodec() {}

    /** zstd level: payloads are read only for the top-k, so favour size a little over build speed. */
    public static final int ZSTD_LEVEL = 9;

    public static byte[] encodeBlock(List<String> records) {
        byte[][] utf8 = new byte[records.size()][];
        int total = 0;
        for (int i = 0; i < utf8.length; i++) {
            utf8[i] = records.get(i).getBytes(StandardCharsets.UTF_8);
            total = Math.addExact(total, utf8[i].length);
        }
        ByteBuffer raw = ByteBuffer.allocate(Math.addExact(4 + 4 * utf8.length, total)).order(ByteOrder.LITTLE_ENDIAN);
        raw.putInt(utf8.length);
        int end = 0;
        for (byte[] r : utf8) raw.putInt(end += r.length);
        for (byte[] r : utf8) raw.put(r);
        return Zstd.compress(raw.array(), ZSTD_LEVEL);
    }

    /**
     * Record {@code index} of the compressed block {@code frame}. Every size is checked before it is
     * used; a damaged block raises {@link VidxFormatException} naming {@code where}.
     */
    public static String decodeRecord(MemorySegment frame, int index, int expectedCount, long maxBlockBytes, String file, long where) {
        if (frame.byteSize() > maxBlockBytes) {
            throw new VidxFormatException(file, "PAYLOAD_DATA", where, "compressed block of " + frame.byteSize() + " bytes exceeds the limit " + maxBlockBytes);
        }
        byte[] src = frame.toArray(ValueLayout.JAVA_BYTE);
        long size = Zstd.getFrameContentSize(src);
        if (size < 0 || size > maxBlockBytes) {
            throw new VidxFormatException(file, "PAYLOAD_DATA", where, "zstd frame content size " + size
                    + (size < 0 ? " (missing or invalid frame header)" : " exceeds the limit " + maxBlockBytes));
        }
        byte[] raw;
        try {
            raw = Zstd.decompress(src, (int) size);
        } catch (RuntimeException e) {
            throw new VidxFormatException(file, "PAYLOAD_DATA", where, "zstd frame does not decompress: " + e.getMessage(), e);
        }
        if (raw.length != size) {
            throw new VidxFormatException(file, "PAYLOAD_DATA", where, "zstd frame decompressed to " + raw.length + " bytes, header said " + size);
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        if (raw.length < 4) throw new VidxFormatException(file, "PAYLOAD_DATA", where, "block shorter than its record count");
        int count = b.getInt(0);
        if (count != expectedCount) {
            throw new VidxFormatException(file, "PAYLOAD_DATA", where, "block holds " + count + " records, expected " + expectedCount);
        }
        if (count < 0 || 4L + 4L * count > raw.length || index >= count) {
            throw new VidxFormatException(file, "PAYLOAD_DATA", where, "block record count " + count + " does not fit its "
                    + raw.length + " bytes or lacks record " + index);
        }
        int dataStart = 4 + 4 * count;
        int start = index == 0 ? 0 : b.getInt(4 + 4 * (index - 1));
        int end = b.getInt(4 + 4 * index);
        if (start < 0 || end < start || end > raw.length - dataStart) {
            throw new VidxFormatException(file, "PAYLOAD_DATA", where, "record " + index + " spans [" + start + ", " + end
                    + ") outside the block's " + (raw.length - dataStart) + " data bytes");
        }
        return new String(raw, dataStart + start, end - start, StandardCharsets.UTF_8);
    }
}
