package io.vidx.indexer.input;

import io.vidx.indexer.input.TestData.Zst;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every malformed input fails with a VectorFileException naming the file (and, where there is one, the vector and byte). */
class VectorFileErrorsTest {
    @TempDir
    Path dir;

    private static AbstractThrowableAssert<?, ? extends Throwable> fails(Path p, ThrowingCallable call) {
        return assertThatThrownBy(call).isInstanceOf(VectorFileException.class).hasMessageStartingWith(p.toString() + ": ")
                .hasMessageContaining(p.getFileName().toString());
    }

    /** Fails at open or, if open succeeds, on the first full pass (block reads). */
    private static AbstractThrowableAssert<?, ? extends Throwable> failsReading(Path p) {
        return fails(p, () -> {
            VectorFile f = VectorFiles.open(p, 64);
            TestData.readBlocks(f, 3);
        });
    }

    /** Fails at open itself. */
    private static AbstractThrowableAssert<?, ? extends Throwable> failsOpening(Path p) {
        return fails(p, () -> VectorFiles.open(p));
    }

    private static byte[] withInt(byte[] data, int offset, int value) {
        byte[] copy = data.clone();
        ByteBuffer.wrap(copy).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return copy;
    }

    private static float[][] floats(int n, int dim) {
        return TestData.randomFloats(new Random(n * 31L + dim), n, dim);
    }

    @ParameterizedTest
    @ValueSource(strings = {"e.fvecs", "e.bvecs", "e.ivecs", "e.npy", "e.fvecs.zst", "e.bvecs.zst", "e.ivecs.zst", "e.npy.zst"})
    void emptyFilesHaveNoVectors(String name) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, new byte[0]);
        failsOpening(p).hasMessageContaining("no vectors");
        if (name.endsWith(".zst")) {
            Files.write(p, TestData.compress(new byte[0], Zst.STREAM));
            failsOpening(p).hasMessageContaining("no vectors");
            Files.write(p, TestData.compress(new byte[0], Zst.FRAME));
            failsOpening(p).hasMessageContaining("no vectors");
        }
    }

    @Test
    void writingNoVectorsGivesAFileThatDoesNotOpen() throws IOException {
        for (String name : new String[]{"none.fvecs", "none.fvecs.zst"}) {
            Path p = dir.resolve(name);
            VectorFiles.writeFvecs(p, new float[0][]);
            failsOpening(p).hasMessageContaining("no vectors");
        }
        Path p = dir.resolve("none.ivecs");
        VectorFiles.writeIvecs(p, new int[0][]);
        fails(p, () -> VectorFiles.readIvecs(p)).hasMessageContaining("no vectors");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65537, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void firstDimensionOutOfRange(int dim) throws IOException {
        byte[] data = withInt(TestData.fvecs(floats(3, 4)), 0, dim);
        for (Zst z : Zst.values()) {
            Path p = TestData.write(dir, "d" + z + ".fvecs", data, z);
            failsOpening(p).hasMessageContaining("vector 0 at byte 0").hasMessageContaining("dimension " + dim).hasMessageContaining("1..65536");
        }
    }

    @ParameterizedTest
    @EnumSource(Zst.class)
    void dimensionChangesMidFile(Zst z) throws IOException {
        int dim = 384;
        long rec = 4 + 4 * dim;
        byte[] data = withInt(TestData.fvecs(floats(8, dim)), (int) (5 * rec), 100);
        Path p = TestData.write(dir, "base.fvecs", data, z);
        failsReading(p).hasMessageContaining("vector 5 at byte " + 5 * rec).hasMessageContaining("dimension 100, expected 384 (the first vector's)");
        if (z == Zst.STREAM) failsOpening(p).hasMessageContaining("vector 5"); // found by the counting pass
    }

    @ParameterizedTest
    @EnumSource(Zst.class)
    void truncatedLastRecord(Zst z) throws IOException {
        byte[] full = TestData.fvecs(floats(6, 10));
        byte[] cut = Arrays.copyOf(full, full.length - 7);
        Path p = TestData.write(dir, "t.fvecs", cut, z);
        failsOpening(p).hasMessageContaining("vector 5 at byte 220").hasMessageContaining("truncated").hasMessageContaining("37 of")
                .hasMessageContaining("44");
        byte[] headerOnly = Arrays.copyOf(full, 2);
        Path q = TestData.write(dir, "h.fvecs", headerOnly, z);
        failsOpening(q).hasMessageContaining("vector 0 at byte 0").hasMessageContaining("truncated");
    }

    @Test
    void sizeNotAMultipleOfTheRecordNamesTheSizes() throws IOException {
        byte[] data = Arrays.copyOf(TestData.bvecs(TestData.randomInts(new Random(1), 4, 8, 256)), 4 * 12 + 5);
        Path p = TestData.write(dir, "s.bvecs", data, Zst.NONE);
        failsOpening(p).hasMessageContaining("vector 4 at byte 48").hasMessageContaining("not a multiple of the record size 12");
    }

    @Test
    void nonFiniteValues() throws IOException {
        float[][] data = floats(20, 8);
        data[12][5] = Float.NaN;
        for (Zst z : Zst.values()) {
            Path p = TestData.write(dir, "nan" + z + ".fvecs", TestData.fvecs(data), z);
            failsReading(p).hasMessageContaining("vector 12 has a non-finite value (NaN) at dimension 5")
                    .hasMessageContaining("at byte " + 12 * 36);
            Path n = TestData.write(dir, "nan" + z + ".npy", TestData.npyF4(data, 8, 1), z);
            failsReading(n).hasMessageContaining("vector 12 has a non-finite value (NaN) at dimension 5");
        }
        data[12][5] = 0;
        data[0][7] = Float.NEGATIVE_INFINITY;
        Path p = TestData.write(dir, "inf.fvecs", TestData.fvecs(data), Zst.NONE);
        fails(p, () -> {
            try (VectorCursor c = VectorFiles.open(p).open()) {
                c.next(new float[8]);
            }
        }).hasMessageContaining("vector 0 has a non-finite value (-Infinity) at dimension 7");
        double[][] doubles = new double[3][2];
        doubles[2][1] = 1e300; // finite as a double, not as a float
        Path d = TestData.write(dir, "big.npy", TestData.npyF8(doubles, 2), Zst.NONE);
        failsReading(d).hasMessageContaining("vector 2 has a non-finite value (Infinity) at dimension 1");
    }

    @Test
    void unsupportedExtension() throws IOException {
        Path p = dir.resolve("v.txt");
        Files.write(p, new byte[8]);
        failsOpening(p).hasMessageContaining("unsupported");
        Path q = dir.resolve("v.zst");
        Files.write(q, new byte[8]);
        failsOpening(q).hasMessageContaining("unsupported");
        fails(p, () -> VectorFiles.readIvecs(p)).hasMessageContaining(".ivecs");
    }

    @Test
    void corruptOrTruncatedZstd() throws IOException {
        byte[] data = TestData.fvecs(floats(200, 16));
        Path junk = dir.resolve("junk.fvecs.zst");
        Files.write(junk, data); // not compressed at all
        failsOpening(junk).hasMessageContaining("zstd");
        for (Zst z : new Zst[]{Zst.STREAM, Zst.FRAME, Zst.CHECKSUM}) {
            byte[] c = TestData.compress(data, z);
            Path cut = dir.resolve("cut" + z + ".fvecs.zst");
            Files.write(cut, Arrays.copyOf(c, c.length * 2 / 3));
            failsReading(cut).hasMessageContaining("zstd");
        }
        // A flipped byte is only guaranteed to be caught when the frame carries a checksum (garbage may be caught sooner).
        byte[] c = TestData.compress(data, Zst.CHECKSUM);
        c[c.length / 2] ^= 0x5A;
        Path bad = dir.resolve("bad.fvecs.zst");
        Files.write(bad, c);
        failsReading(bad);
    }

    @Test
    void corruptZstdNamesTheVectorItReached() throws IOException {
        // Larger than one decompression step, so the good data before the cut is handed out first.
        byte[] c = TestData.compress(TestData.fvecs(floats(400, 384)), Zst.STREAM);
        Path p = dir.resolve("half.fvecs.zst");
        Files.write(p, Arrays.copyOf(c, c.length / 2));
        failsOpening(p).hasMessageMatching(".*: vector [1-9][0-9]* at byte [0-9]+ \\(decompressed\\): corrupt or truncated zstd data.*")
                .satisfies(e -> assertThat(((VectorFileException) e).vectorIndex()).isPositive());
    }

    @Test
    void fileChangedAfterOpen() throws IOException {
        Path p = dir.resolve("c.fvecs");
        VectorFiles.writeFvecs(p, floats(10, 4));
        VectorFile f = VectorFiles.open(p);
        Files.write(p, TestData.fvecs(floats(1, 4)), StandardOpenOption.APPEND);
        fails(p, () -> TestData.readAll(f)).hasMessageContaining("vector 10 at byte 200").hasMessageContaining("unexpected data");
        Files.write(p, Arrays.copyOf(TestData.fvecs(floats(10, 4)), 150));
        fails(p, () -> TestData.readBlocks(f, 4)).hasMessageContaining("vector 7 at byte 140").hasMessageContaining("truncated");
    }

    @Test
    void cursorArgumentsAreChecked() throws IOException {
        Path p = dir.resolve("a.fvecs");
        VectorFiles.writeFvecs(p, floats(3, 4));
        try (VectorCursor c = VectorFiles.open(p).open()) {
            assertThatThrownBy(() -> c.next(new float[3])).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.next(new float[7], 2)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.next(new float[8], 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    // ---- npy ----

    private Path npy(String name, byte[] bytes) throws IOException {
        return TestData.write(dir, name, bytes, Zst.NONE);
    }

    private static byte[] f4data(int n, int d) {
        return new byte[n * d * 4];
    }

    @Test
    void npyBadMagicAndVersion() throws IOException {
        byte[] good = TestData.npy(TestData.dict("<f4", 2, 3), 1, f4data(2, 3));
        byte[] magic = good.clone();
        magic[1] = 'X';
        failsOpening(npy("m.npy", magic)).hasMessageContaining("at byte 0").hasMessageContaining("NUMPY");
        byte[] version = good.clone();
        version[6] = 4;
        failsOpening(npy("v.npy", version)).hasMessageContaining("at byte 6").hasMessageContaining("version 4.0");
        failsOpening(npy("short.npy", Arrays.copyOf(good, 5))).hasMessageContaining("NUMPY");
        failsOpening(npy("nolen.npy", Arrays.copyOf(good, 9))).hasMessageContaining("header length");
        failsOpening(npy("cut.npy", Arrays.copyOf(good, 40))).hasMessageContaining("truncated npy header");
    }

    @Test
    void npyHeaderTooLongIsRejectedBeforeAllocating() throws IOException {
        byte[] good = TestData.npy(TestData.dict("<f4", 2, 3), 2, f4data(2, 3));
        byte[] huge = withInt(good, 8, -1); // 4 GiB - 1
        failsOpening(npy("huge.npy", huge)).hasMessageContaining("at byte 8").hasMessageContaining("header length 4294967295");
    }

    @ParameterizedTest
    @ValueSource(strings = {">f4", "<f2", "<i8", "|b1", "<c8", "O"})
    void npyUnsupportedDtype(String descr) throws IOException {
        Path p = npy("dt.npy", TestData.npy(TestData.dict(descr, 2, 3), 1, f4data(2, 3)));
        failsOpening(p).hasMessageContaining("dtype '" + descr + "'").hasMessageContaining("expected '<f4'");
    }

    @Test
    void npyStructuredDtype() throws IOException {
        Path p = npy("st.npy", TestData.npy("{'descr': [('x', '<f4'), ('y', '<f4')], 'fortran_order': False, 'shape': (2, 3), }", 1, f4data(2, 3)));
        failsOpening(p).hasMessageContaining("structured");
    }

    @Test
    void npyFortranOrder() throws IOException {
        Path p = npy("fo.npy", TestData.npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", 1, f4data(2, 3)));
        failsOpening(p).hasMessageContaining("fortran_order").hasMessageContaining("expected False");
    }

    @ParameterizedTest
    @ValueSource(strings = {"()", "(6,)", "(1, 2, 3)", "(2, 3, 1)"})
    void npyShapeNot2D(String shape) throws IOException {
        Path p = npy("sh.npy", TestData.npy("{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }", 1, f4data(2, 3)));
        failsOpening(p).hasMessageContaining("expected 2-D");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), ",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3) 'x': 1}",
            "{'descr': '<f4', 'fortran_order': False}",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)} trailing",
            "{'descr': '<f4', 'fortran_order': false, 'shape': (2, 3)}",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3)}",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 99999999999999999999)}",
            "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)}",
            "{'descr': '<f4, 'fortran_order': False, 'shape': (2, 3)}",
            "[1, 2]",
            "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((("})
    void npyHeaderNotParseable(String dict) throws IOException {
        Path p = npy("hp.npy", TestData.npy(dict, 1, f4data(2, 3)));
        failsOpening(p).hasMessageContaining("at byte 10").hasMessageContaining("not parseable");
    }

    @Test
    void npyDimensionAndCount() throws IOException {
        failsOpening(npy("d0.npy", TestData.npy(TestData.dict("<f4", 2, 0), 1, new byte[0]))).hasMessageContaining("dimension 0");
        failsOpening(npy("d1.npy", TestData.npy(TestData.dict("<f4", 1, 70000), 1, f4data(1, 70000)))).hasMessageContaining("dimension 70000");
        failsOpening(npy("n0.npy", TestData.npy(TestData.dict("<f4", 0, 3), 1, new byte[0]))).hasMessageContaining("no vectors");
        failsOpening(npy("huge.npy", TestData.npy(TestData.dict("<f8", Long.MAX_VALUE / 2, 65536), 1, f4data(1, 1))))
                .hasMessageContaining("too large");
        // Big but representable: must fail on size, not try to allocate.
        failsOpening(npy("big.npy", TestData.npy(TestData.dict("<f4", 1L << 40, 1000), 1, f4data(2, 1000))))
                .hasMessageContaining("truncated").hasMessageContaining("vector 2");
    }

    @ParameterizedTest
    @EnumSource(Zst.class)
    void npyDataLengthMismatch(Zst z) throws IOException {
        byte[] good = TestData.npy(TestData.dict("<f4", 5, 3), 1, f4data(5, 3));
        Path shortFile = TestData.write(dir, "short.npy", Arrays.copyOf(good, good.length - 6), z);
        failsReading(shortFile).hasMessageContaining("vector 4 at byte " + (good.length - 12)).hasMessageContaining("truncated")
                .hasMessageContaining("6 of this vector's 12 bytes");
        Path longFile = TestData.write(dir, "long.npy", Arrays.copyOf(good, good.length + 4), z);
        failsReading(longFile).hasMessageContaining("vector 5 at byte " + good.length).hasMessageContaining("after the last");
        if (z != Zst.STREAM) {
            failsOpening(shortFile).hasMessageContaining("truncated"); // size known without decompressing
            failsOpening(longFile).hasMessageContaining("unexpected bytes");
        }
    }

    // ---- ivecs ground truth ----

    @ParameterizedTest
    @ValueSource(ints = {0, -5, 65537, Integer.MAX_VALUE})
    void ivecsRowLengthOutOfRange(int len) throws IOException {
        byte[] data = TestData.ivecs(new int[][]{{1, 2}, {3, 4}, {5, 6}});
        for (Zst z : new Zst[]{Zst.NONE, Zst.STREAM}) {
            Path p = TestData.write(dir, "gt.ivecs", withInt(data, 24, len), z);
            fails(p, () -> VectorFiles.readIvecs(p)).hasMessageContaining("vector 2 at byte 24").hasMessageContaining("row length " + len);
        }
    }

    @Test
    void ivecsTruncated() throws IOException {
        byte[] data = TestData.ivecs(new int[][]{{1, 2}, {3, 4}, {5, 6}});
        Path p = TestData.write(dir, "tr.ivecs", Arrays.copyOf(data, data.length - 3), Zst.NONE);
        fails(p, () -> VectorFiles.readIvecs(p)).hasMessageContaining("vector 2 at byte 24").hasMessageContaining("9 of its 12 bytes");
        Path q = TestData.write(dir, "tr2.ivecs", Arrays.copyOf(data, 26), Zst.NONE);
        fails(q, () -> VectorFiles.readIvecs(q)).hasMessageContaining("vector 2 at byte 24").hasMessageContaining("truncated");
        Path e = TestData.write(dir, "e.ivecs", new byte[0], Zst.NONE);
        fails(e, () -> VectorFiles.readIvecs(e)).hasMessageContaining("no vectors");
    }

    @Test
    void exceptionCarriesItsPosition() throws IOException {
        byte[] data = withInt(TestData.fvecs(floats(4, 2)), 24, 3);
        Path p = TestData.write(dir, "pos.fvecs", data, Zst.NONE);
        try {
            TestData.readAll(VectorFiles.open(p));
            throw new AssertionError("no exception");
        } catch (VectorFileException e) {
            assertThat(e.file()).isEqualTo(p.toString());
            assertThat(e.vectorIndex()).isEqualTo(2);
            assertThat(e.byteOffset()).isEqualTo(24);
        }
    }
}
