package io.vidx.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One of another engine's recall–QPS points, read from the CSV its benchmark wrote, to draw beside vidx's:
 * FAISS's {@code faiss_bench.py} (columns method, recall, qps) and the Lucene peer
 * (method, recall, best_qps). A header names the columns; other columns are ignored, except that
 * {@code mode} and {@code threads}, where present, join the method in the point's {@code series}, so
 * that batch and single-query points, or 1 and 2 threads, are not drawn as one line.
 */
record PeerPoint(String series, double recall, double qps) {

    static List<PeerPoint> read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) throw new IllegalArgumentException(csv + ": empty; expected a CSV header with method, recall and qps (or best_qps)");
        List<String> header = Arrays.asList(lines.get(0).trim().split(","));
        int method = header.indexOf("method"), recall = header.indexOf("recall");
        int qps = header.contains("qps") ? header.indexOf("qps") : header.indexOf("best_qps");
        int mode = header.indexOf("mode"), threads = header.indexOf("threads");
        if (method < 0 || recall < 0 || qps < 0) {
            throw new IllegalArgumentException(csv + ": header " + header + " lacks method, recall and qps (or best_qps)");
        }
        List<PeerPoint> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) continue;
            String[] f = line.split(",", -1);
            if (f.length < header.size()) throw new IllegalArgumentException(csv + ": line " + (i + 1) + " has " + f.length + " fields, the header " + header.size());
            double r, q;
            try {
                r = Double.parseDouble(f[recall]);
                q = Double.parseDouble(f[qps]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(csv + ": line " + (i + 1) + ": recall '" + f[recall] + "' or qps '" + f[qps] + "' is not a number");
            }
            // Checked here, not by the plot's log axis after the whole sweep has run.
            if (!(r >= 0 && r <= 1) || !(q > 0) || Double.isInfinite(q)) {
                throw new IllegalArgumentException(csv + ": line " + (i + 1) + ": expected recall in 0..1 and qps above 0, found " + f[recall] + " and " + f[qps]);
            }
            String series = f[method] + (mode >= 0 ? ", " + f[mode] : "") + (threads >= 0 ? ", " + f[threads] + (f[threads].equals("1") ? " thread" : " threads") : "");
            out.add(new PeerPoint(series, r, q));
        }
        return out;
    }
}
