package io.vidx.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.vidx.cli.Main;
import io.vidx.indexer.input.VectorFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The `vidx` subcommands end to end on a small generated dataset. */
class CliTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static synchronized Run vidx(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void genGtBuildInspectVerifySearchBench() throws Exception {
        Path data = dir.resolve("data");
        Run gen = vidx("gen", "--n", "3000", "--dim", "40", "--queries", "30", "--seed", "5", "--out", data.toString(), "--quiet");
        assertThat(gen.code()).as(gen.err()).isZero();
        assertThat(VectorFiles.open(data.resolve("base.fvecs")).count()).isEqualTo(3000);
        assertThat(VectorFiles.open(data.resolve("query.fvecs")).dim()).isEqualTo(40);

        Path gt = dir.resolve("gt.ivecs");
        Run g = vidx("gt", "--base", data.resolve("base.fvecs").toString(), "--queries", data.resolve("query.fvecs").toString(),
                "--k", "20", "--metric", "ip", "--out", gt.toString(), "--quiet");
        assertThat(g.code()).as(g.err()).isZero();
        int[][] truth = VectorFiles.readIvecs(gt);
        assertThat(truth).hasNumberOfRows(30);
        assertThat(truth[0]).hasSize(20);

        Path lines = dir.resolve("lines.txt");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3000; i++) sb.append("payload of row ").append(i).append('\n');
        Files.writeString(lines, sb);
        Path index = dir.resolve("x.vidx");
        Run b = vidx("build", "--input", data.resolve("base.fvecs").toString(), "--metric", "ip", "--payload", lines.toString(),
                "--out", index.toString(), "--quiet");
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(b.out()).contains("3000 vectors x 40 dims");

        Run inspect = vidx("inspect", index.toString(), "--json");
        assertThat(inspect.code()).isZero();
        assertThat(inspect.out()).contains("\"format_version\": \"1.2\"", "\"whole_rows\": true", "\"nlist\": 219", "\"PDX_VECTORS\"", "\"SPILL_ROWS\"", "\"records\": 3000");
        assertThat(vidx("inspect", index.toString()).out()).contains("IVF: nlist 219", "spill: 3,000 vectors also filed in a second cell", "payloads: 3000 records");

        Run verify = vidx("verify", index.toString());
        assertThat(verify.code()).isZero();
        assertThat(verify.out()).contains("OK");

        Run search = vidx("search", index.toString(), "--queries", data.resolve("query.fvecs").toString(), "--row", "3", "--k", "5", "--exact");
        assertThat(search.code()).as(search.err()).isZero();
        assertThat(search.out()).contains("payload of row " + truth[3][0]);

        Path json = dir.resolve("bench.json"), plot = dir.resolve("bench.png");
        Run bench = vidx("bench", index.toString(), "--queries", data.resolve("query.fvecs").toString(), "--gt", gt.toString(),
                "--k", "10", "--nprobe", "4,219", "--rerank", "20,3000", "--threads", "1,2", "--mode", "funnel,exact,ivf,funnel3", "--shortlist", "3000",
                "--json", json.toString(), "--plot", plot.toString());
        assertThat(bench.code()).as(bench.err()).isZero();
        String js = Files.readString(json);
        for (String key : new String[] {"\"mode\"", "\"nprobe\"", "\"rerank\"", "\"threads\"", "\"recall\"", "\"qps\"", "\"median_qps\"", "\"p50_ms\"", "\"p99_ms\""}) {
            assertThat(js).contains(key);
        }
        // Every point reports the median run beside the best.
        java.util.regex.Matcher medians = java.util.regex.Pattern.compile("\"median_qps\": [0-9]").matcher(js);
        int points = 0;
        while (medians.find()) points++;
        assertThat(points).isEqualTo(22); // funnel 2 x 2, funnel3 2 x 2, ivf 2, exact 1; each on 1 and 2 threads
        assertThat(js).contains("\"mode\": \"exact\"").contains("\"recall\": 1,").doesNotContain("NaN");
        // nprobe = nlist with a shortlist of every vector is exact.
        assertThat(bench.out()).containsPattern("funnel\\s+219\\s+-\\s+3000\\s+\\d+\\s+\\d\\s+1\\.0000");
        // and so is IVF over every cell.
        assertThat(bench.out()).containsPattern("ivf\\s+219\\s+-\\s+-\\s+\\d+\\s+\\d\\s+1\\.0000");
        assertThat(bench.out()).containsPattern("funnel3\\s+219\\s+-\\s+3000>3000\\s+\\d+\\s+\\d\\s+1\\.0000");
        assertThat(js).contains("\"shortlist\": 3000");
        assertThat(Files.size(plot)).isGreaterThan(1000);

        // A probe gap of 0 visits the nearest cell only; a huge one all nprobe (here every cell: exact).
        Path gapJson = dir.resolve("gap.json");
        Run gaps = vidx("bench", index.toString(), "--queries", data.resolve("query.fvecs").toString(), "--gt", gt.toString(),
                "--k", "10", "--nprobe", "219", "--probe-gap", "0,1e30", "--threads", "1", "--mode", "ivf", "--json", gapJson.toString(),
                "--warmup-seconds", "0.2");
        assertThat(gaps.code()).as(gaps.err()).isZero();
        assertThat(gaps.out()).containsPattern("\\(warm-up: [1-9]\\d* passes over the sweep in \\d+\\.\\d s\\)"); // before the points, which follow unchanged
        assertThat(gaps.out()).containsPattern("ivf\\s+219\\s+1\\.0E30\\s+-\\s+\\d+\\s+1\\s+1\\.0000");
        assertThat(gaps.out()).containsPattern("ivf\\s+219\\s+0\\.0\\s+-\\s+\\d+\\s+1\\s+0\\.");
        assertThat(Files.readString(gapJson)).contains("\"probe_gap\": 0,").contains("\"probe_gap\": 1.0E30");
        // Single queries split over two threads in the latency loop: every mode that splits runs.
        Run split = vidx("bench", index.toString(), "--queries", data.resolve("query.fvecs").toString(), "--gt", gt.toString(),
                "--k", "10", "--nprobe", "219", "--rerank", "50", "--threads", "1", "--split", "2", "--mode", "funnel,ivf,exact");
        assertThat(split.code()).as(split.err()).isZero();
        assertThat(split.out()).containsPattern("ivf\\s+219\\s").containsPattern("exact\\s").containsPattern("funnel\\s+219\\s");
        // Peers' points drawn beside vidx's, from the CSVs FAISS's and the Lucene peer's benchmarks write.
        Path faiss = dir.resolve("faiss.csv"), lucene = dir.resolve("lucene.csv"), peerPlot = dir.resolve("peers.png");
        Files.writeString(faiss, "dataset,method,params,threads,mode,k,recall,qps\nd,HNSW32,ef=16,2,batch,10,0.95,5000.0\nd,HNSW32,ef=32,2,batch,10,0.98,3000.0\n"
                + "d,HNSW32,ef=16,1,single,10,0.95,900\nd,Flat,exact,2,batch,10,1.0,2000\n");
        Files.writeString(lucene, "method,K,threads,recall,best_qps,median_qps\nlucene-hnsw-m16,20,2,0.953,14000,13000\n");
        Run withPeers = vidx("bench", index.toString(), "--queries", data.resolve("query.fvecs").toString(), "--gt", gt.toString(),
                "--k", "10", "--nprobe", "219", "--rerank", "50", "--threads", "1", "--mode", "funnel", "--plot", peerPlot.toString(),
                "--peer", faiss.toString(), "--peer", lucene.toString());
        assertThat(withPeers.code()).as(withPeers.err()).isZero();
        assertThat(Files.size(peerPlot)).isGreaterThan(1000); // the series themselves: PeerPointTest
        Path badPeer = dir.resolve("bad.csv");
        Files.writeString(badPeer, "method,K,recall\nx,1,0.9\n");
        Run bad = vidx("bench", index.toString(), "--queries", data.resolve("query.fvecs").toString(), "--gt", gt.toString(),
                "--nprobe", "4", "--plot", peerPlot.toString(), "--peer", badPeer.toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("bad.csv").contains("lacks method, recall and qps");
        Run negative = vidx("bench", index.toString(), "--queries", data.resolve("query.fvecs").toString(), "--gt", gt.toString(), "--warmup-seconds", "-1");
        assertThat(negative.code()).isEqualTo(1);
        assertThat(negative.err()).contains("--warmup-seconds must be at least 0, got -1.0");
        // Options are checked before any file is read: a bad option beside a missing file names the option.
        for (String[] option : new String[][] {{"--mode", "fast"}, {"--split", "0"}, {"--max-queries", "-1"}, {"--threads", "0"}}) {
            Run early = vidx("bench", dir.resolve("missing.vidx").toString(), "--queries", dir.resolve("missing.fvecs").toString(),
                    "--gt", dir.resolve("missing.ivecs").toString(), option[0], option[1]);
            assertThat(early.code()).as(option[0]).isEqualTo(1);
            assertThat(early.err()).as(option[0]).contains(option[0]).doesNotContain("missing");
        }
    }

    @Test
    void errorsNameTheProblemAndUseExitCodes() throws Exception {
        Run missing = vidx("verify", dir.resolve("nope.vidx").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("nope.vidx").contains("no such file");

        Run usage = vidx("build", "--out", "x.vidx");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).contains("--input");

        Path garbage = dir.resolve("garbage.vidx");
        Files.write(garbage, new byte[4096]);
        Run bad = vidx("inspect", garbage.toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("garbage.vidx").contains("not a vidx file");

        Path data = dir.resolve("d");
        assertThat(vidx("gen", "--n", "500", "--dim", "16", "--queries", "2", "--out", data.toString(), "--quiet").code()).isZero();
        Path index = dir.resolve("y.vidx");
        assertThat(vidx("build", "--input", data.resolve("base.fvecs").toString(), "--out", index.toString(), "--quiet").code()).isZero();
        byte[] bytes = Files.readAllBytes(index);
        bytes[bytes.length - 100] ^= 4; // inside the last section (PDX_VECTORS)
        Path corrupt = dir.resolve("corrupt.vidx");
        Files.write(corrupt, bytes);
        Run v = vidx("verify", index.toString(), corrupt.toString());
        assertThat(v.code()).isEqualTo(1);
        assertThat(v.out()).contains(index + ": OK");
        assertThat(v.err()).contains("CORRUPT " + corrupt + ": section PDX_VECTORS");

        Run dimMismatch = vidx("search", index.toString(), "--vector", "1,2,3");
        assertThat(dimMismatch.code()).isEqualTo(1);
        assertThat(dimMismatch.err()).contains("3 dimensions, the index has 16");
        for (String cmd : new String[] {"gen", "gt", "build", "search", "inspect", "verify", "bench", "demo"}) {
            Run help = vidx(cmd, "--help");
            assertThat(help.code()).isZero();
            assertThat(help.out()).contains("Usage: vidx " + cmd);
        }
    }
}
