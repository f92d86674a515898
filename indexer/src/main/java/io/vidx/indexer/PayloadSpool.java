package io.vidx.indexer;

import static io.vidx.format.FormatConstants.I64;

import com.github.luben.zstd.ZstdInputStream;
import io.vidx.format.PayloadCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Compresses the payload lines into zstd blocks in a temporary file beside the output, so their total
 * size is known before the index file is laid out and memory stays bounded by one block.
 */
final class PayloadSpool implements AutoCloseable {
    private final Path temp;
    private final long[] offsets;

    private PayloadSpool(Path temp, long[] offsets) {
        this.temp = temp;
        this.offsets = offsets;
    }

    static PayloadSpool spool(Path lines, long n, int perBlock, Path output, BuildProgress progress) throws IOException {
        Path dir = output.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Named like the writer's temporary file, so a later build of the same target removes it if this process dies.
        Path temp = dir.resolve("." + output.getFileName() + ".vidx-tmp-" + ProcessHandle.current().pid() + "-payload-" + UUID.randomUUID());
        long blocks = (n + perBlock - 1) / perBlock;
        long[] offsets = new long[(int) blocks + 1];
        boolean ok = false;
        try (InputStream raw = Files.newInputStream(lines);
             InputStream in = lines.toString().endsWith(".zst") ? new ZstdInputStream(raw) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                     .onMalformedInput(CodingErrorAction.REPORT)), 1 << 20);
             FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             BuildProgress.Phase p = progress.phase("payloads", n)) {
            List<String> block = new ArrayList<>(perBlock);
            long line = 0;
            int b = 0;
            for (String s; (s = r.readLine()) != null; ) {
                if (++line > n) throw new IOException(lines + ": has more than " + n + " lines, but the input has " + n + " vectors (one payload line per vector)");
                block.add(s);
                if (block.size() == perBlock) b = flush(block, out, offsets, b);
                if ((line & 4095) == 0) p.step(4096);
            }
            if (!block.isEmpty()) b = flush(block, out, offsets, b);
            if (line != n) throw new IOException(lines + ": has " + line + " lines, but the input has " + n + " vectors (one payload line per vector)");
            out.force(true);
            ok = true;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException(lines + ": not valid UTF-8 (" + e.getMessage() + ")", e);
        } finally {
            if (!ok) Files.deleteIfExists(temp);
        }
        return new PayloadSpool(temp, offsets);
    }

    private static int flush(List<String> block, FileChannel out, long[] offsets, int b) throws IOException {
        byte[] frame = PayloadCodec.encodeBlock(block);
        ByteBuffer buf = ByteBuffer.wrap(frame);
        while (buf.hasRemaining()) out.write(buf);
        offsets[b + 1] = offsets[b] + frame.length;
        block.clear();
        return b + 1;
    }

    long blocks() { return offsets.length - 1; }

    long dataBytes() { return offsets[offsets.length - 1]; }

    void copyInto(MemorySegment index, MemorySegment data) throws IOException {
        MemorySegment.copy(offsets, 0, index, I64, 0, offsets.length);
        try (FileChannel in = FileChannel.open(temp, StandardOpenOption.READ)) {
            long pos = 0, size = in.size();
            while (pos < size) {
                int len = (int) Math.min(1 << 24, size - pos);
                ByteBuffer dst = data.asSlice(pos, len).asByteBuffer();
                while (dst.hasRemaining()) {
                    if (in.read(dst, pos + dst.position()) < 0) throw new IOException("payload spool ended early");
                }
                pos += len;
            }
        }
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(temp);
    }
}
