package io.vidx.indexer.input;

import io.vidx.indexer.input.TestData.Zst;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VectorFilesRoundTripTest {
    @TempDir
    Path dir;

    private static final int[] BUFFERS = {16, 17, 61, 1000, ChunkedInput.DEFAULT_BUFFER_BYTES};

    /** Opens with every buffer size and checks shape, both read paths and a second pass. */
    private static void assertReads(Path p, String format, float[][] expected) throws IOException {
        for (int buffer : BUFFERS) {
            VectorFile f = VectorFiles.open(p, buffer);
            assertThat(f.path()).isEqualTo(p);
            assertThat(f.format()).isEqualTo(format);
            assertThat(f.count()).isEqualTo(expected.length);
            assertThat(f.dim()).isEqualTo(expected[0].length);
            assertThat(TestData.readAll(f)).isEqualTo(expected);
            for (int max : new int[]{1, 2, 7, expected.length, expected.length + 5}) {
                assertThat(TestData.readBlocks(f, max)).as("max %d, buffer %d", max, buffer).isEqualTo(expected);
            }
            assertThat(TestData.readAll(f)).as("second pass").isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"v.fvecs", "v.fvecs.zst", "V.FVECS.ZST"})
    void writeFvecsRoundTrips(String name) throws IOException {
        float[][] data = TestData.randomFloats(new Random(1), 37, 19);
        Path p = dir.resolve(name);
        VectorFiles.writeFvecs(p, data);
        assertReads(p, name.toLowerCase().endsWith(".zst") ? "fvecs+zst" : "fvecs", data);
        assertThat(listDir()).containsExactly(p.getFileName().toString());
    }

    @Test
    void writeFvecsProducesTheStandardLayout() throws IOException {
        float[][] data = TestData.randomFloats(new Random(2), 5, 3);
        Path p = dir.resolve("a.fvecs");
        VectorFiles.writeFvecs(p, data);
        assertThat(Files.readAllBytes(p)).isEqualTo(TestData.fvecs(data));
        Path z = dir.resolve("a.fvecs.zst");
        VectorFiles.writeFvecs(z, data);
        try (var in = new com.github.luben.zstd.ZstdInputStream(Files.newInputStream(z))) {
            assertThat(in.readAllBytes()).isEqualTo(TestData.fvecs(data));
        }
    }

    @ParameterizedTest
    @EnumSource(Zst.class)
    void fvecsFromEveryCompressionRoundTrips(Zst z) throws IOException {
        float[][] data = TestData.randomFloats(new Random(3), 41, 8);
        assertReads(TestData.write(dir, "f.fvecs", TestData.fvecs(data), z), "fvecs" + (z == Zst.NONE ? "" : "+zst"), data);
    }

    @ParameterizedTest
    @EnumSource(Zst.class)
    void bvecsRoundTrips(Zst z) throws IOException {
        int[][] data = TestData.randomInts(new Random(4), 33, 128, 256);
        data[0][0] = 255;
        data[0][1] = 0;
        assertReads(TestData.write(dir, "b.bvecs", TestData.bvecs(data), z), "bvecs" + (z == Zst.NONE ? "" : "+zst"), TestData.toFloats(data));
    }

    @ParameterizedTest
    @EnumSource(Zst.class)
    void ivecsAsVectorsRoundTrips(Zst z) throws IOException {
        int[][] data = TestData.randomInts(new Random(5), 29, 10, 0);
        assertReads(TestData.write(dir, "i.ivecs", TestData.ivecs(data), z), "ivecs" + (z == Zst.NONE ? "" : "+zst"), TestData.toFloats(data));
    }

    @ParameterizedTest
    @EnumSource(Zst.class)
    void npyF4RoundTripsInAllVersions(Zst z) throws IOException {
        float[][] data = TestData.randomFloats(new Random(6), 31, 12);
        for (int version = 1; version <= 3; version++) {
            Path p = TestData.write(dir, "n" + version + ".npy", TestData.npyF4(data, 12, version), z);
            assertReads(p, "npy" + (z == Zst.NONE ? "" : "+zst"), data);
        }
    }

    @ParameterizedTest
    @EnumSource(Zst.class)
    void npyOtherDtypesConvert(Zst z) throws IOException {
        Random r = new Random(7);
        double[][] doubles = new double[9][5];
        float[][] narrowed = new float[9][5];
        for (int i = 0; i < 9; i++) {
            for (int j = 0; j < 5; j++) {
                doubles[i][j] = r.nextGaussian() * 1e10;
                narrowed[i][j] = (float) doubles[i][j];
            }
        }
        assertReads(TestData.write(dir, "d.npy", TestData.npyF8(doubles, 5), z), "npy" + (z == Zst.NONE ? "" : "+zst"), narrowed);
        int[][] bytes = TestData.randomInts(r, 9, 5, 256);
        assertReads(TestData.write(dir, "u.npy", TestData.npyU1(bytes, 5), z), "npy" + (z == Zst.NONE ? "" : "+zst"), TestData.toFloats(bytes));
        int[][] ints = TestData.randomInts(r, 9, 5, 0);
        assertReads(TestData.write(dir, "i.npy", TestData.npyI4(ints, 5), z), "npy" + (z == Zst.NONE ? "" : "+zst"), TestData.toFloats(ints));
    }

    @Test
    void npyHeaderVariantsAreAccepted() throws IOException {
        float[][] data = TestData.randomFloats(new Random(8), 3, 2);
        java.nio.ByteBuffer b = TestData.le(3 * 2 * 4);
        for (float[] row : data) for (float f : row) b.putFloat(f);
        for (String dict : List.of(
                "{'shape': (3, 2), 'fortran_order': False, 'descr': '<f4'}",
                "{\"descr\":\"<f4\",\"fortran_order\":False,\"shape\":(3L,2L)}",
                "{ 'descr' : '<f4' , 'fortran_order' : False , 'shape' : ( 3 , 2 , ) , }")) {
            Path p = TestData.write(dir, "h.npy", TestData.npy(dict, 1, b.array()), Zst.NONE);
            assertReads(p, "npy", data);
        }
    }

    @Test
    void largeFileCrossesTheDefaultBuffer() throws IOException {
        // ~10 MiB, more than one 8 MiB buffer; a record straddles the refill.
        float[][] data = TestData.randomFloats(new Random(9), 26_000, 97);
        for (String name : List.of("big.fvecs", "big.fvecs.zst")) {
            Path p = dir.resolve(name);
            VectorFiles.writeFvecs(p, data);
            VectorFile f = VectorFiles.open(p);
            assertThat(f.count()).isEqualTo(data.length);
            assertThat(TestData.readBlocks(f, 1000)).isEqualTo(data);
            assertThat(TestData.readAll(f)).isEqualTo(data);
        }
    }

    @Test
    void fvecsWriterStreamsAtomically() throws IOException {
        for (String name : List.of("s.fvecs", "s.fvecs.zst")) {
            Path p = dir.resolve(name);
            float[][] data = TestData.randomFloats(new Random(10), 20, 6);
            try (FvecsWriter w = VectorFiles.fvecsWriter(p, 6)) {
                for (int i = 0; i < 10; i++) w.write(data[i]);
                float[] block = new float[10 * 6];
                for (int i = 0; i < 10; i++) System.arraycopy(data[10 + i], 0, block, 6 * i, 6);
                w.write(block, 10);
                assertThat(w.count()).isEqualTo(20);
                assertThat(w.dim()).isEqualTo(6);
                assertThat(p).doesNotExist();
                assertThat(listDir()).anyMatch(n -> n.startsWith("." + name + ".vidx-tmp-"));
            }
            assertThat(p).exists();
            assertReads(p, name.endsWith(".zst") ? "fvecs+zst" : "fvecs", data);
        }
        assertThat(listDir()).containsExactlyInAnyOrder("s.fvecs", "s.fvecs.zst");
    }

    @Test
    void fvecsWriterAbortLeavesNothingAndKeepsAnOldFile() throws IOException {
        Path p = dir.resolve("x.fvecs");
        FvecsWriter w = VectorFiles.fvecsWriter(p, 2);
        w.write(new float[]{1, 2});
        w.abort();
        w.close(); // no-op after abort
        w.abort(); // and again
        assertThat(listDir()).isEmpty();

        VectorFiles.writeFvecs(p, new float[][]{{5, 6}});
        byte[] before = Files.readAllBytes(p);
        FvecsWriter w2 = VectorFiles.fvecsWriter(p, 2);
        w2.write(new float[]{7, 8});
        w2.abort();
        assertThat(Files.readAllBytes(p)).isEqualTo(before);
        assertThat(listDir()).containsExactly("x.fvecs");

        FvecsWriter w3 = VectorFiles.fvecsWriter(p, 2);
        w3.write(new float[]{9, 10});
        w3.close();
        w3.abort(); // no-op after close
        assertThat(TestData.readAll(VectorFiles.open(p))).isEqualTo(new float[][]{{9, 10}});
    }

    @Test
    void fvecsWriterRejectsBadVectors() throws IOException {
        Path p = dir.resolve("bad.fvecs");
        try (FvecsWriter w = VectorFiles.fvecsWriter(p, 3)) {
            assertThatThrownBy(() -> w.write(new float[2])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 3");
            assertThatThrownBy(() -> w.write(new float[]{1, Float.NaN, 2})).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("non-finite").hasMessageContaining("dimension 1");
            assertThatThrownBy(() -> w.write(new float[5], 2)).isInstanceOf(IllegalArgumentException.class);
            w.abort();
        }
        assertThatThrownBy(() -> VectorFiles.fvecsWriter(p, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VectorFiles.fvecsWriter(p, 65537)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VectorFiles.writeFvecs(p, new float[][]{{1, 2}, {3}})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VectorFiles.writeFvecs(p, new float[][]{{1, Float.POSITIVE_INFINITY}})).isInstanceOf(IllegalArgumentException.class);
        FvecsWriter closed = VectorFiles.fvecsWriter(p, 1);
        closed.close();
        assertThatThrownBy(() -> closed.write(new float[1])).isInstanceOf(IllegalStateException.class);
        Files.delete(p);
        assertThat(listDir()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gt.ivecs", "gt.ivecs.zst"})
    void ivecsGroundTruthRoundTripsWithRaggedRows(String name) throws IOException {
        int[][] rows = {{1, 2, 3}, {4}, {5, 6, 7, 8, 9}, {Integer.MIN_VALUE, Integer.MAX_VALUE}};
        Path p = dir.resolve(name);
        VectorFiles.writeIvecs(p, rows);
        assertThat(VectorFiles.readIvecs(p)).isEqualTo(rows);
        for (int buffer : BUFFERS) assertThat(VectorFiles.readIvecs(p, buffer)).isEqualTo(rows);
        if (!name.endsWith(".zst")) assertThat(Files.readAllBytes(p)).isEqualTo(TestData.ivecs(rows));
        assertThatThrownBy(() -> VectorFiles.writeIvecs(dir.resolve("e.ivecs"), new int[][]{{1}, {}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1");
    }

    @Test
    void ivecsGroundTruthFromEveryCompression() throws IOException {
        int[][] rows = TestData.randomInts(new Random(11), 50, 100, 1_000_000);
        for (Zst z : Zst.values()) {
            Path p = TestData.write(dir, "gt-" + z + ".ivecs", TestData.ivecs(rows), z);
            assertThat(VectorFiles.readIvecs(p)).isEqualTo(rows);
        }
    }

    @Test
    void zstdFrameWalkKnowsDeclaredSizesOnly() throws IOException {
        byte[] data = TestData.fvecs(TestData.randomFloats(new Random(12), 300, 50));
        assertThat(ZstdFrames.contentSize(TestData.write(dir, "a", data, Zst.FRAME))).isEqualTo(data.length);
        assertThat(ZstdFrames.contentSize(TestData.write(dir, "b", data, Zst.MULTI_FRAME))).isEqualTo(data.length);
        assertThat(ZstdFrames.contentSize(TestData.write(dir, "c", data, Zst.CHECKSUM))).isEqualTo(data.length);
        assertThat(ZstdFrames.contentSize(TestData.write(dir, "d", data, Zst.STREAM))).isEqualTo(-1);
        byte[] frame = TestData.compress(data, Zst.FRAME);
        Path cut = dir.resolve("e.zst");
        Files.write(cut, java.util.Arrays.copyOf(frame, frame.length - 10));
        assertThat(ZstdFrames.contentSize(cut)).isEqualTo(-1);
        Path junk = dir.resolve("f.zst");
        Files.write(junk, new byte[]{1, 2, 3, 4, 5});
        assertThat(ZstdFrames.contentSize(junk)).isEqualTo(-1);
        // Tiny and empty inputs give single-segment frames with 1-byte content sizes.
        assertThat(ZstdFrames.contentSize(TestData.write(dir, "g", new byte[]{7}, Zst.FRAME))).isEqualTo(1);
        assertThat(ZstdFrames.contentSize(TestData.write(dir, "h", new byte[0], Zst.FRAME))).isEqualTo(0);
        byte[] zeros = new byte[100_000]; // RLE blocks
        assertThat(ZstdFrames.contentSize(TestData.write(dir, "i", zeros, Zst.FRAME))).isEqualTo(zeros.length);
    }

    @Test
    void filesAreReadableConcurrently() throws Exception {
        float[][] data = TestData.randomFloats(new Random(13), 500, 16);
        Path p = dir.resolve("c.fvecs.zst");
        VectorFiles.writeFvecs(p, data);
        VectorFile f = VectorFiles.open(p);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            var a = pool.submit(() -> TestData.readBlocks(f, 64));
            var b = pool.submit(() -> TestData.readAll(f));
            assertThat(a.get()).isEqualTo(data);
            assertThat(b.get()).isEqualTo(data);
        }
    }

    private List<String> listDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(x -> x.getFileName().toString()).toList();
        }
    }
}
