package io.vidx.indexer;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads user ids: one signed 64-bit integer per line, one line per input vector, all distinct. */
final class IdFile {
    private IdFile() {}

    static long[] read(Path file, int n) throws IOException {
        long[] ids = new long[n];
        int line = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String s; (s = r.readLine()) != null; ) {
                if (line >= n) throw new IOException(file + ": more than " + n + " lines, but the input has " + n + " vectors");
                try {
                    ids[line] = Long.parseLong(s.trim());
                } catch (NumberFormatException e) {
                    throw new IOException(file + ": line " + (line + 1) + ": '" + s + "' is not a 64-bit integer id");
                }
                line++;
            }
        }
        if (line != n) throw new IOException(file + ": " + line + " ids, but the input has " + n + " vectors");
        long[] sorted = ids.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 1; i < n; i++) {
            if (sorted[i] == sorted[i - 1]) throw new IOException(file + ": id " + sorted[i] + " appears more than once");
        }
        return ids;
    }
}
