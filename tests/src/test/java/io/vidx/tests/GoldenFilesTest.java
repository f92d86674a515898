package io.vidx.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.vidx.format.FormatConstants;
import io.vidx.reader.SearchMode;
import io.vidx.reader.SearchParams;
import io.vidx.reader.SearchResult;
import io.vidx.reader.VidxIndex;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden format-1.0 files (made by {@link GoldenFiles}): this reader, and every later one, must open
 * them, pass verify, and return the ids and payloads recorded when they were written, with the same
 * scores (to float rounding).
 */
class GoldenFilesTest {

    @ParameterizedTest
    @ValueSource(strings = {"v1_0-l2", "v1_0-ip"})
    void goldenFilesOpenVerifyAndAnswerAsRecorded(String name) throws Exception {
        Path dir = Path.of(GoldenFilesTest.class.getResource("/golden/" + name + ".vidx").toURI()).getParent();
        Path index = dir.resolve(name + ".vidx");
        List<String> lines = Files.readAllLines(dir.resolve(name + ".expected"), StandardCharsets.UTF_8);
        int checked = 0;
        try (VidxIndex idx = VidxIndex.open(index)) {
            assertThat(idx.file().header().major()).isEqualTo(1);
            assertThat(idx.file().header().minor()).isLessThanOrEqualTo(FormatConstants.MINOR_VERSION);
            idx.checkIntegrity();
            float[] q = null;
            for (String line : lines) {
                if (line.startsWith("#")) continue;
                String[] f = line.split(" ");
                if (f[0].equals("query")) {
                    q = new float[f.length - 1];
                    for (int i = 1; i < f.length; i++) q[i - 1] = Float.intBitsToFloat(Integer.parseUnsignedInt(f[i], 16));
                    continue;
                }
                SearchMode mode = SearchMode.valueOf(f[0]);
                int nprobe = Integer.parseInt(f[1]), rerank = Integer.parseInt(f[2]);
                SearchResult r = idx.search(q, new SearchParams(mode, f.length - 3, nprobe, rerank, true));
                assertThat(r.size()).as(line).isEqualTo(f.length - 3);
                for (int i = 3; i < f.length; i++) {
                    String[] hit = f[i].split(":");
                    assertThat(r.ids()[i - 3]).as("%s rank %d", line, i - 3).isEqualTo(Long.parseLong(hit[0]));
                    // Scores: the recorded bits up to 1e-5 relative. A CPU of another vector width sums in another
                    // order (see ScalarKernels), so last-bit equality holds only on the same width.
                    float want = Float.intBitsToFloat(Integer.parseUnsignedInt(hit[1], 16));
                    assertThat(r.scores()[i - 3]).as("%s rank %d", line, i - 3).isCloseTo(want, org.assertj.core.data.Percentage.withPercentage(1e-3));
                    if (hit.length > 2) assertThat(r.payloads()[i - 3].replace(' ', '_')).isEqualTo(hit[2]);
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(20);
    }
}
