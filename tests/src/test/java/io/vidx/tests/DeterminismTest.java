package io.vidx.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.vidx.format.Metric;
import io.vidx.indexer.BuildProgress;
import io.vidx.indexer.IndexBuilder;
import io.vidx.indexer.input.VectorFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterminismTest {
    @TempDir
    Path dir;

    @Test
    void sameInputOptionsAndSeedGiveByteIdenticalFilesWhateverTheThreadCount() throws Exception {
        TestIndex t = TestIndex.build(dir, 1000, 64, Metric.IP, true);
        Path again = dir.resolve("again.vidx");
        IndexBuilder.build(VectorFiles.open(t.baseFile), again, t.options.withThreads(1), BuildProgress.SILENT);
        assertThat(Files.mismatch(t.index, again)).isEqualTo(-1L);
        Path otherSeed = dir.resolve("other.vidx");
        IndexBuilder.build(VectorFiles.open(t.baseFile), otherSeed, t.options.withSeed(t.options.seed() + 1), BuildProgress.SILENT);
        assertThat(Files.mismatch(t.index, otherSeed)).isNotEqualTo(-1L);
    }
}
