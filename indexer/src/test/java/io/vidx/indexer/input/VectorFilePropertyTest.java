package io.vidx.indexer.input;

import io.vidx.indexer.input.TestData.Zst;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Round trips over random shapes, formats, compressions, buffer sizes and block sizes: what is written
 * reads back bit-exactly, count() is exact, block reads equal one-at-a-time reads, and a file without
 * vectors refuses to open.
 */
class VectorFilePropertyTest {
    enum Format { FVECS_WRITER, FVECS, BVECS, IVECS, NPY_F4, NPY_F8, NPY_U1, NPY_I4 }

    @Property(tries = 300)
    void roundTrip(@ForAll @IntRange(min = 1, max = 300) int dim,
                   @ForAll @IntRange(min = 0, max = 50) int count,
                   @ForAll Format format,
                   @ForAll Zst zst,
                   @ForAll @IntRange(min = 1, max = 60) int max,
                   @ForAll @IntRange(min = 16, max = 5000) int buffer,
                   @ForAll long seed) throws IOException {
        Path dir = Files.createTempDirectory("vidx-input-prop");
        try {
            Random r = new Random(seed);
            float[][] expected;
            Path p;
            switch (format) {
                case FVECS_WRITER -> {
                    expected = TestData.randomFloats(r, count, dim);
                    p = dir.resolve("w.fvecs" + (zst == Zst.NONE ? "" : ".zst"));
                    VectorFiles.writeFvecs(p, expected);
                }
                case FVECS -> {
                    expected = TestData.randomFloats(r, count, dim);
                    p = TestData.write(dir, "v.fvecs", TestData.fvecs(expected), zst);
                }
                case BVECS -> {
                    int[][] ints = TestData.randomInts(r, count, dim, 256);
                    expected = TestData.toFloats(ints);
                    p = TestData.write(dir, "v.bvecs", TestData.bvecs(ints), zst);
                }
                case IVECS -> {
                    int[][] ints = TestData.randomInts(r, count, dim, 0);
                    expected = TestData.toFloats(ints);
                    p = TestData.write(dir, "v.ivecs", TestData.ivecs(ints), zst);
                    if (count > 0) assertThat(VectorFiles.readIvecs(p)).isEqualTo(ints);
                }
                case NPY_F4 -> {
                    expected = TestData.randomFloats(r, count, dim);
                    p = TestData.write(dir, "v.npy", TestData.npyF4(expected, dim, 1 + r.nextInt(3)), zst);
                }
                case NPY_F8 -> {
                    double[][] d = new double[count][dim];
                    expected = new float[count][dim];
                    for (int i = 0; i < count; i++) {
                        for (int j = 0; j < dim; j++) {
                            d[i][j] = r.nextGaussian() * Math.pow(10, r.nextInt(60) - 30);
                            expected[i][j] = (float) d[i][j];
                        }
                    }
                    p = TestData.write(dir, "v.npy", TestData.npyF8(d, dim), zst);
                }
                case NPY_U1 -> {
                    int[][] ints = TestData.randomInts(r, count, dim, 256);
                    expected = TestData.toFloats(ints);
                    p = TestData.write(dir, "v.npy", TestData.npyU1(ints, dim), zst);
                }
                case NPY_I4 -> {
                    int[][] ints = TestData.randomInts(r, count, dim, 0);
                    expected = TestData.toFloats(ints);
                    p = TestData.write(dir, "v.npy", TestData.npyI4(ints, dim), zst);
                }
                default -> throw new AssertionError(format);
            }
            if (count == 0) {
                Path empty = p;
                assertThatThrownBy(() -> VectorFiles.open(empty, buffer)).isInstanceOf(VectorFileException.class)
                        .hasMessageContaining(empty.getFileName().toString()).hasMessageContaining("no vectors");
                return;
            }
            VectorFile f = VectorFiles.open(p, buffer);
            assertThat(f.count()).isEqualTo(count);
            assertThat(f.dim()).isEqualTo(dim);
            float[][] one = TestData.readAll(f);
            assertThat(one).isEqualTo(expected);
            assertThat(TestData.readBlocks(f, max)).isEqualTo(one);
        } finally {
            TestData.deleteTree(dir);
        }
    }
}
