package io.vidx.tests;

import io.vidx.format.Metric;
import io.vidx.indexer.BuildOptions;
import io.vidx.indexer.BuildProgress;
import io.vidx.indexer.IndexBuilder;
import io.vidx.indexer.input.VectorFiles;
import io.vidx.reader.SearchParams;
import io.vidx.reader.SearchResult;
import io.vidx.reader.VidxIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the golden format-1.0 files under tests/src/test/resources/golden: two small indexes (L2 with
 * payloads and user ids; IP) and, for each, queries with the results the reader returned when they were
 * made, as exact float bits. {@link GoldenFilesTest} holds every later reader to them.
 *
 * <p>Run once per format version, never to "fix" a failing test: a difference means a reader changed
 * what an existing file returns. {@code scripts/mvn -pl tests -am test-compile exec} is not wired;
 * run {@code main} from an IDE or with the test classpath, argument = the golden directory.
 */
public final class GoldenFiles {
    static final SearchParams[] MODES = {SearchParams.funnel(5, 2, 20), SearchParams.funnel(5, 6, 200), SearchParams.exact(5), SearchParams.brute(5)};

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "tests/src/test/resources/golden");
        Files.createDirectories(dir);
        write(dir, "v1_0-l2", 200, 24, Metric.L2, true);
        write(dir, "v1_0-ip", 150, 70, Metric.IP, false);
    }

    static void write(Path dir, String name, int n, int dim, Metric metric, boolean extras) throws IOException {
        Path work = Files.createTempDirectory("golden");
        float[][] base = TestIndex.vectors(n, dim, 0, 11);
        float[][] queries = TestIndex.vectors(6, dim, 1, 11);
        Path baseFile = work.resolve("base.fvecs");
        VectorFiles.writeFvecs(baseFile, base);
        BuildOptions o = BuildOptions.defaults(metric).withThreads(1).withNlist(6).withSeed(2026);
        if (extras) {
            List<String> lines = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                lines.add("golden payload " + i);
                ids.add(Long.toString(9_000_000_000L + 7L * i));
            }
            Files.write(work.resolve("p.txt"), lines, StandardCharsets.UTF_8);
            Files.write(work.resolve("ids.txt"), ids, StandardCharsets.UTF_8);
            o = o.withPayloads(work.resolve("p.txt")).withIds(work.resolve("ids.txt"));
        }
        Path index = dir.resolve(name + ".vidx");
        IndexBuilder.build(VectorFiles.open(baseFile), index, o, BuildProgress.SILENT);
        StringBuilder sb = new StringBuilder("# query: hex float bits; then per mode: ids and score bits\n");
        try (VidxIndex idx = VidxIndex.open(index)) {
            for (float[] q : queries) {
                sb.append("query");
                for (float v : q) sb.append(' ').append(Integer.toHexString(Float.floatToRawIntBits(v)));
                sb.append('\n');
                for (SearchParams p : MODES) {
                    SearchResult r = idx.search(q, p.withPayloads(true));
                    sb.append(String.format(Locale.ROOT, "%s %d %d", p.mode(), p.nprobe(), p.rerank()));
                    for (int i = 0; i < r.size(); i++) {
                        sb.append(' ').append(r.ids()[i]).append(':').append(Integer.toHexString(Float.floatToRawIntBits(r.scores()[i])));
                        if (r.payloads() != null) sb.append(':').append(r.payloads()[i].replace(' ', '_'));
                    }
                    sb.append('\n');
                }
            }
        }
        Files.writeString(dir.resolve(name + ".expected"), sb, StandardCharsets.UTF_8);
    }
}
