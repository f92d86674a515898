package io.vidx.cli;

import io.vidx.format.CellDirectory;
import io.vidx.format.FileHeader;
import io.vidx.format.IndexParams;
import io.vidx.format.ReadLimits;
import io.vidx.format.SectionEntry;
import io.vidx.format.SectionKind;
import io.vidx.format.VidxFile;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `vidx inspect`: what is in an index and how big each part is. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show an index's header, versions, sections (size and share), IVF cell sizes, code and PQ shapes, payload stats.")
public final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "Index file.")
    Path index;
    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() {
        try (Arena arena = Arena.ofConfined()) {
            long t = System.nanoTime();
            VidxFile f = VidxFile.open(index, arena, ReadLimits.DEFAULT);
            double openMs = (System.nanoTime() - t) / 1e6;
            Map<String, Object> report = report(f, openMs, warmOpenMs());
            System.out.println(json ? Json.write(report) : text(report));
        }
        return 0;
    }

    /** Median of a few re-opens in this (now warm) JVM: the cost a long-running service pays per open. */
    private double warmOpenMs() {
        double[] ms = new double[7];
        for (int i = 0; i < ms.length; i++) {
            try (Arena a = Arena.ofShared()) {
                long t = System.nanoTime();
                VidxFile.open(index, a, ReadLimits.DEFAULT);
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }

    static Map<String, Object> report(VidxFile f, double openMs, double warmOpenMs) {
        FileHeader h = f.header();
        IndexParams p = f.params();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("file", f.name());
        r.put("bytes", f.segment().byteSize());
        r.put("format_version", h.major() + "." + h.minor());
        r.put("required_features", "0x" + Long.toHexString(h.requiredFeatures()));
        r.put("optional_features", "0x" + Long.toHexString(h.optionalFeatures()));
        r.put("build_id", h.buildIdHex());
        r.put("open_ms", Math.round(openMs * 1000) / 1000.0);
        r.put("open_ms_warm", Math.round(warmOpenMs * 1000) / 1000.0);
        r.put("count", p.count());
        r.put("dim", p.dim());
        r.put("padded_dim", p.paddedDim());
        r.put("metric", p.metric().name().toLowerCase());
        r.put("unit_norm", p.unitNorm());
        r.put("rotation", Map.of("kind", "randomized Hadamard", "rounds", p.rotationRounds(), "seed", p.rotationSeed()));
        r.put("code_bits", p.paddedDim());
        r.put("pq", Map.of("subquantizers", p.pqM(), "bits", 4, "dsub", p.pqDsub(), "bytes_per_vector", p.pqM() / 2));
        r.put("pdx", Map.of("block", p.pdxBlock(), "vertical_dims", p.pdxVerticalDims(), "whole_rows", p.pdxWholeRows(), "ads_epsilon0", Double.parseDouble(Float.toString(p.adsEpsilon0())), "ads_step", p.adsStep()));
        r.put("kmeans", Map.of("iterations", p.kmeansIterations(), "train_sample", p.trainSample()));

        CellDirectory dir = CellDirectory.read(f.section(SectionKind.CELL_DIRECTORY), p.nlist());
        long[] sizes = new long[p.nlist()];
        long empty = 0;
        for (int c = 0; c < sizes.length; c++) {
            sizes[c] = dir.size(c);
            if (sizes[c] == 0) empty++;
        }
        Arrays.sort(sizes);
        Map<String, Object> cells = new LinkedHashMap<>();
        cells.put("nlist", p.nlist());
        cells.put("empty", empty);
        cells.put("min", sizes[0]);
        cells.put("p10", sizes[(int) (0.10 * (sizes.length - 1))]);
        cells.put("p50", sizes[(int) (0.50 * (sizes.length - 1))]);
        cells.put("p90", sizes[(int) (0.90 * (sizes.length - 1))]);
        cells.put("p99", sizes[(int) (0.99 * (sizes.length - 1))]);
        cells.put("max", sizes[sizes.length - 1]);
        cells.put("mean", Math.round(10.0 * p.count() / p.nlist()) / 10.0);
        r.put("cells", cells);
        if (f.has(SectionKind.SPILL_DIRECTORY)) {
            long entries = io.vidx.format.SpillDirectory.read(f.section(SectionKind.SPILL_DIRECTORY), p.nlist()).total();
            r.put("spill", Map.of("entries", entries, "share_of_vectors", Math.round(1000.0 * entries / p.count()) / 1000.0));
        } else {
            r.put("spill", null);
        }

        List<Object> sections = new ArrayList<>();
        long total = f.segment().byteSize();
        for (SectionEntry e : f.sections()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", e.name());
            s.put("offset", e.offset());
            s.put("bytes", e.length());
            s.put("share", Math.round(10000.0 * e.length() / total) / 100.0);
            s.put("crc32c", String.format("%08x", e.crc32c()));
            s.put("required", e.required());
            sections.add(s);
        }
        r.put("sections", sections);
        if (p.hasPayloads()) {
            long data = f.entry(SectionKind.PAYLOAD_DATA).length();
            r.put("payloads", Map.of("records", p.count(), "blocks", p.payloadBlocks(), "records_per_block", p.payloadPerBlock(),
                    "compressed_bytes", data, "bytes_per_record", Math.round(100.0 * data / p.count()) / 100.0));
        } else {
            r.put("payloads", null);
        }
        r.put("user_ids", p.hasUserIds());
        return r;
    }

    @SuppressWarnings("unchecked")
    static String text(Map<String, Object> r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%s: vidx index, format %s, %,d bytes, build %s%n", r.get("file"), r.get("format_version"),
                (Long) r.get("bytes"), r.get("build_id")));
        sb.append(String.format("open (map + validate): %.2f ms first in this JVM, %.2f ms warm (median of 7)%n", (Double) r.get("open_ms"), (Double) r.get("open_ms_warm")));
        sb.append(String.format("features: required %s, optional %s%n", r.get("required_features"), r.get("optional_features")));
        sb.append(String.format("vectors: %,d x %d dims (padded to %d), metric %s%s%n", (Long) r.get("count"), r.get("dim"), r.get("padded_dim"),
                r.get("metric"), Boolean.TRUE.equals(r.get("unit_norm")) ? ", unit-norm" : ""));
        Map<String, Object> rot = (Map<String, Object>) r.get("rotation");
        sb.append(String.format("rotation: randomized Hadamard, %s rounds, seed %s%n", rot.get("rounds"), rot.get("seed")));
        sb.append(String.format("1-bit codes: %s bits (%d bytes) per vector%n", r.get("code_bits"), ((Integer) r.get("code_bits")) / 8));
        Map<String, Object> pq = (Map<String, Object>) r.get("pq");
        sb.append(String.format("PQ: %s subquantizers x 4 bits (dsub %s), %s bytes per vector, fast-scan blocks of 32%n", pq.get("subquantizers"), pq.get("dsub"), pq.get("bytes_per_vector")));
        Map<String, Object> pdx = (Map<String, Object>) r.get("pdx");
        sb.append(String.format("PDX f32 store: blocks of %s vectors, first %s dims dimension-major%s; ADSampling eps0 %s step %s%n",
                pdx.get("block"), pdx.get("vertical_dims"), Boolean.TRUE.equals(pdx.get("whole_rows")) ? ", every row also whole" : "",
                pdx.get("ads_epsilon0"), pdx.get("ads_step")));
        Map<String, Object> c = (Map<String, Object>) r.get("cells");
        sb.append(String.format("IVF: nlist %s, cell sizes min %s p10 %s p50 %s p90 %s p99 %s max %s mean %s, empty %s%n", c.get("nlist"), c.get("min"),
                c.get("p10"), c.get("p50"), c.get("p90"), c.get("p99"), c.get("max"), c.get("mean"), c.get("empty")));
        Map<String, Object> spill = (Map<String, Object>) r.get("spill");
        sb.append(spill == null ? "spill: none (each vector in its own cell only)\n" : String.format("spill: %,d vectors also filed in a second cell (SOAR), %.1f%% of them%n",
                (Long) spill.get("entries"), 100 * (Double) spill.get("share_of_vectors")));
        Map<String, Object> pay = (Map<String, Object>) r.get("payloads");
        sb.append(pay == null ? "payloads: none\n" : String.format("payloads: %s records in %s zstd blocks of %s, %,d bytes (%s per record)%n",
                pay.get("records"), pay.get("blocks"), pay.get("records_per_block"), (Long) pay.get("compressed_bytes"), pay.get("bytes_per_record")));
        sb.append("ids: ").append(Boolean.TRUE.equals(r.get("user_ids")) ? "user-supplied (USER_IDS)" : "input row numbers").append('\n');
        sb.append(String.format("%-18s %14s %16s %7s %9s%n", "section", "offset", "bytes", "share", "crc32c"));
        for (Object o : (List<Object>) r.get("sections")) {
            Map<String, Object> s = (Map<String, Object>) o;
            sb.append(String.format("%-18s %14d %,16d %6.2f%% %9s%n", s.get("name"), (Long) s.get("offset"), (Long) s.get("bytes"), (Double) s.get("share"), s.get("crc32c")));
        }
        return sb.toString().stripTrailing();
    }
}
