package io.vidx.indexer.input;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Test-only encoders for every input format, written independently of the readers (plain ByteBuffer
 * code), plus the ways a file can be zstd-compressed: streamed (no declared size), one frame with its
 * size, several frames with a skippable frame between them, or one frame with a checksum.
 */
final class TestData {
    private TestData() {}

    enum Zst {
        NONE(""), STREAM(".zst"), FRAME(".zst"), MULTI_FRAME(".zst"), CHECKSUM(".zst");

        final String suffix;

        Zst(String suffix) {
            this.suffix = suffix;
        }
    }

    static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    static byte[] fvecs(float[][] rows) {
        int total = 0;
        for (float[] r : rows) total += 4 + 4 * r.length;
        ByteBuffer b = le(total);
        for (float[] r : rows) {
            b.putInt(r.length);
            for (float f : r) b.putFloat(f);
        }
        return b.array();
    }

    static byte[] bvecs(int[][] rows) {
        int total = 0;
        for (int[] r : rows) total += 4 + r.length;
        ByteBuffer b = le(total);
        for (int[] r : rows) {
            b.putInt(r.length);
            for (int v : r) b.put((byte) v);
        }
        return b.array();
    }

    static byte[] ivecs(int[][] rows) {
        int total = 0;
        for (int[] r : rows) total += 4 + 4 * r.length;
        ByteBuffer b = le(total);
        for (int[] r : rows) {
            b.putInt(r.length);
            for (int v : r) b.putInt(v);
        }
        return b.array();
    }

    /** An npy file: the dict text as given (padded to 64-byte alignment with spaces and a newline), then the data. */
    static byte[] npy(String dict, int version, byte[] data) {
        byte[] text = dict.getBytes(version == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int prefix = 6 + 2 + (version == 1 ? 2 : 4);
        int headerLen = text.length + 1;
        headerLen += (64 - (prefix + headerLen) % 64) % 64;
        ByteBuffer b = le(prefix + headerLen + data.length);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) version).put((byte) 0);
        if (version == 1) b.putShort((short) headerLen);
        else b.putInt(headerLen);
        b.put(text);
        for (int i = text.length; i < headerLen - 1; i++) b.put((byte) ' ');
        b.put((byte) '\n');
        b.put(data);
        return b.array();
    }

    static String dict(String descr, long n, long d) {
        return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + n + ", " + d + "), }";
    }

    static byte[] npyF4(float[][] rows, int dim, int version) {
        ByteBuffer b = le(rows.length * dim * 4);
        for (float[] r : rows) for (float f : r) b.putFloat(f);
        return npy(dict("<f4", rows.length, dim), version, b.array());
    }

    static byte[] npyF8(double[][] rows, int dim) {
        ByteBuffer b = le(rows.length * dim * 8);
        for (double[] r : rows) for (double f : r) b.putDouble(f);
        return npy(dict("<f8", rows.length, dim), 1, b.array());
    }

    static byte[] npyU1(int[][] rows, int dim) {
        ByteBuffer b = le(rows.length * dim);
        for (int[] r : rows) for (int v : r) b.put((byte) v);
        return npy(dict("|u1", rows.length, dim), 1, b.array());
    }

    static byte[] npyI4(int[][] rows, int dim) {
        ByteBuffer b = le(rows.length * dim * 4);
        for (int[] r : rows) for (int v : r) b.putInt(v);
        return npy(dict("<i4", rows.length, dim), 2, b.array());
    }

    static byte[] compress(byte[] data, Zst z) {
        try {
            return switch (z) {
                case NONE -> data;
                case STREAM -> {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    try (ZstdOutputStream out = new ZstdOutputStream(bytes, 3)) {
                        out.write(data);
                    }
                    yield bytes.toByteArray();
                }
                case FRAME -> Zstd.compress(data, 3);
                case MULTI_FRAME -> {
                    int half = data.length / 2;
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    bytes.write(Zstd.compress(Arrays.copyOfRange(data, 0, half), 3));
                    bytes.write(le(8 + 5).putInt(0x184D2A53).putInt(5).put(new byte[5]).array()); // skippable frame
                    bytes.write(Zstd.compress(Arrays.copyOfRange(data, half, data.length), 1));
                    yield bytes.toByteArray();
                }
                case CHECKSUM -> {
                    try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
                        yield ctx.setLevel(3).setChecksum(true).setContentSize(true).compress(data);
                    }
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code data} to dir/name (plus ".zst" when compressed) and returns the path. */
    static Path write(Path dir, String name, byte[] data, Zst z) throws IOException {
        Path p = dir.resolve(name + z.suffix);
        Files.write(p, compress(data, z));
        return p;
    }

    static float[][] randomFloats(Random r, int n, int dim) {
        float[][] rows = new float[n][dim];
        for (float[] row : rows) {
            for (int j = 0; j < dim; j++) {
                float f;
                do f = Float.intBitsToFloat(r.nextInt()); while (!Float.isFinite(f));
                row[j] = r.nextInt(4) == 0 ? f : (float) r.nextGaussian();
            }
        }
        return rows;
    }

    static int[][] randomInts(Random r, int n, int dim, int bound) {
        int[][] rows = new int[n][dim];
        for (int[] row : rows) for (int j = 0; j < dim; j++) row[j] = bound > 0 ? r.nextInt(bound) : r.nextInt();
        return rows;
    }

    static float[][] toFloats(int[][] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = new float[rows[i].length];
            for (int j = 0; j < rows[i].length; j++) out[i][j] = rows[i][j];
        }
        return out;
    }

    /** Reads every vector with next(float[]). */
    static float[][] readAll(VectorFile f) throws IOException {
        float[][] out = new float[Math.toIntExact(f.count())][];
        try (VectorCursor c = f.open()) {
            for (int i = 0; i < out.length; i++) {
                float[] v = new float[f.dim()];
                if (!c.next(v)) throw new AssertionError("ended after " + i + " of " + out.length);
                out[i] = v;
            }
            if (c.next(new float[f.dim()])) throw new AssertionError("more than count() vectors");
            if (c.next(new float[f.dim()])) throw new AssertionError("next after the end returned true");
        }
        return out;
    }

    /** Reads every vector with next(float[], max). */
    static float[][] readBlocks(VectorFile f, int max) throws IOException {
        int dim = f.dim();
        float[][] out = new float[Math.toIntExact(f.count())][];
        float[] block = new float[max * dim + 3]; // longer than needed on purpose
        int i = 0;
        try (VectorCursor c = f.open()) {
            for (int got; (got = c.next(block, max)) > 0; ) {
                if (got < max && i + got != out.length) throw new AssertionError("short block before the end");
                for (int k = 0; k < got; k++) out[i++] = Arrays.copyOfRange(block, k * dim, (k + 1) * dim);
            }
            if (c.next(block, max) != 0) throw new AssertionError("next after the end returned vectors");
        }
        if (i != out.length) throw new AssertionError("read " + i + " of " + out.length);
        return out;
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
