package io.vidx.tests;

import static io.vidx.format.FormatConstants.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.vidx.format.Checksums;
import io.vidx.format.Metric;
import io.vidx.format.ReadLimits;
import io.vidx.format.SectionEntry;
import io.vidx.format.VidxFile;
import io.vidx.format.VidxFormatException;
import io.vidx.reader.SearchParams;
import io.vidx.reader.SearchResult;
import io.vidx.reader.VidxIndex;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Mutates a valid index file and opens and searches the result. Each case must either succeed or throw
 * {@link VidxFormatException}: never another exception type, never a JVM crash, never a hang (each case
 * is time-bounded), never an OOM. A mutation that touches only padding must give the intact file's
 * results. Quick tier: 5,000 cases in CI. Long tier: {@code -Dvidx.fuzz.tries=100000} (see docs/reliability.md).
 */
class FuzzProperties {
    static Path dir;
    static byte[] good;
    static List<SectionEntry> sections;
    static float[] query;
    static SearchResult[] intact;
    static final SearchParams[] PARAMS = {SearchParams.funnel(5, 3, 30).withPayloads(true), SearchParams.exact(5), SearchParams.ivf(5, 3), SearchParams.funnel3(5, 3, 40, 10), SearchParams.brute(5)};
    static final AtomicLong cases = new AtomicLong(), refusedAtOpen = new AtomicLong(), refusedInSearch = new AtomicLong(), searched = new AtomicLong(),
            paddingOnly = new AtomicLong();

    @BeforeContainer
    static void build() throws IOException {
        dir = Files.createTempDirectory("vidx-fuzz");
        TestIndex t = TestIndex.build(dir, 300, 20, Metric.IP, true);
        good = Files.readAllBytes(t.index);
        query = t.queries[0];
        try (Arena a = Arena.ofConfined()) {
            sections = List.copyOf(VidxFile.validate("good", MemorySegment.ofArray(good), ReadLimits.DEFAULT).sections());
        }
        try (VidxIndex idx = VidxIndex.open(t.index)) {
            intact = new SearchResult[PARAMS.length];
            for (int i = 0; i < PARAMS.length; i++) intact[i] = idx.search(query, PARAMS[i]);
        }
    }

    @AfterContainer
    static void report() throws IOException {
        System.out.printf("vidx fuzz: %d mutated files tried, 0 failures: %d refused at open, %d opened then refused during search, %d opened and searched"
                + " (%d of them padding-only, with the intact file's results); every refusal was the format exception%n",
                cases.get(), refusedAtOpen.get(), refusedInSearch.get(), searched.get(), paddingOnly.get());
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Tries: jqwik's default, set from -Dvidx.fuzz.tries in the build (5,000 unless given). */
    @Property
    void mutatedFilesOpenCleanlyOrRaiseTheFormatException(@ForAll long seed) throws Exception {
        Random rnd = new Random(seed);
        byte[] bad = good.clone();
        boolean padding = mutate(bad, rnd);
        if (!padding && rnd.nextInt(8) == 0) { // truncation at or around a section boundary
            SectionEntry e = sections.get(rnd.nextInt(sections.size()));
            long cut = Math.max(0, Math.min(good.length - 1, (rnd.nextBoolean() ? e.offset() : e.end()) + rnd.nextInt(9) - 4));
            bad = java.util.Arrays.copyOf(bad, (int) cut);
        }
        Path p = dir.resolve("case.vidx");
        Files.write(p, bad);
        cases.incrementAndGet();
        // Each case runs on its own thread with a hard deadline: a hang fails the property instead of the build.
        java.util.concurrent.FutureTask<Void> task = new java.util.concurrent.FutureTask<>(() -> {
            openAndSearch(p, padding);
            return null;
        });
        Thread worker = Thread.ofPlatform().daemon().start(task);
        try {
            task.get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            worker.interrupt();
            throw new AssertionError("case (seed " + seed + ") did not finish within 5 s: a hang");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Error err) throw err;
            throw new AssertionError("case (seed " + seed + ") raised " + e.getCause(), e.getCause());
        }
    }

    private static void openAndSearch(Path p, boolean padding) {
        VidxIndex idx;
        try {
            idx = VidxIndex.open(p);
        } catch (VidxFormatException expected) {
            refusedAtOpen.incrementAndGet();
            assertThat(expected.getMessage()).startsWith(p.toString());
            return;
        }
        try (idx) {
            for (int i = 0; i < PARAMS.length; i++) {
                SearchResult r = idx.search(query, PARAMS[i]);
                if (padding) {
                    assertThat(r.ids()).containsExactly(intact[i].ids());
                    assertThat(r.scores()).containsExactly(intact[i].scores());
                }
            }
            searched.incrementAndGet();
            if (padding) paddingOnly.incrementAndGet();
        } catch (VidxFormatException expected) {
            refusedInSearch.incrementAndGet();
            // A refusal during search carries verify's verdict: checksums pass, or the first damage it found
            // (a checksum mismatch, or for example a non-zero padding byte ahead of it).
            assertThat(expected.getMessage()).startsWith(p.toString()).containsAnyOf("[the file's checksums pass", "[the file is corrupt: ");
        }
    }

    /** Applies one structured mutation; returns whether it touched only padding between sections. */
    static boolean mutate(byte[] b, Random rnd) {
        MemorySegment s = MemorySegment.ofArray(b);
        switch (rnd.nextInt(9)) {
            case 0 -> { // bit flips anywhere
                for (int i = 0, n = 1 + rnd.nextInt(3); i < n; i++) b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
            }
            case 1 -> { // a run of random bytes
                int at = rnd.nextInt(b.length), len = Math.min(b.length - at, 1 + rnd.nextInt(64));
                for (int i = 0; i < len; i++) b[at + i] = (byte) rnd.nextInt();
            }
            case 2 -> { // zeros from at or around a section boundary to the end: writes that never reached the disk
                SectionEntry e = sections.get(rnd.nextInt(sections.size()));
                long cut = Math.max(0, Math.min(b.length - 1, (rnd.nextBoolean() ? e.offset() : e.end()) + rnd.nextInt(9) - 4));
                java.util.Arrays.fill(b, (int) cut, b.length, (byte) 0);
            }
            case 3 -> { // a section table field set to an extreme, with the table and header CRCs re-sealed
                int entry = rnd.nextInt(sections.size());
                long at = HEADER_BYTES + (long) entry * SECTION_ENTRY_BYTES + (rnd.nextBoolean() ? 8 : 16);
                s.set(I64, at, extreme(rnd));
                resealTable(s);
            }
            case 4 -> { // a header field set to an extreme, header CRC re-sealed
                long[] fields = {16, 24, 32, 40};
                long at = fields[rnd.nextInt(fields.length)];
                s.set(I64, at, extreme(rnd));
                if (rnd.nextBoolean()) s.set(I32, 48, (int) extreme(rnd));
                resealHeader(s);
            }
            case 5 -> { // a PARAMS field set to an extreme (huge counts, dims, nlist...), PARAMS CRC re-sealed
                SectionEntry pe = sections.get(0);
                long at = pe.offset() + 4L * rnd.nextInt(23);
                s.set(I32, at, (int) extreme(rnd));
                resealSection(s, 0);
            }
            case 6 -> { // two sections swapped in the table (overlap / out of order), re-sealed
                int i = rnd.nextInt(sections.size()), j = rnd.nextInt(sections.size());
                MemorySegment t = s.asSlice(HEADER_BYTES, (long) sections.size() * SECTION_ENTRY_BYTES);
                byte[] a = t.asSlice((long) i * SECTION_ENTRY_BYTES, SECTION_ENTRY_BYTES).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                MemorySegment.copy(t, (long) j * SECTION_ENTRY_BYTES, t, (long) i * SECTION_ENTRY_BYTES, SECTION_ENTRY_BYTES);
                MemorySegment.copy(MemorySegment.ofArray(a), 0, t, (long) j * SECTION_ENTRY_BYTES, SECTION_ENTRY_BYTES);
                resealTable(s);
            }
            case 7 -> { // version or feature bits changed, re-sealed
                if (rnd.nextBoolean()) s.set(I16, 8, (short) (1 + rnd.nextInt(5)));
                else s.set(I64, 16, 1L << rnd.nextInt(64));
                resealHeader(s);
            }
            default -> { // padding only: a byte in a gap between sections
                for (int i = 1; i < sections.size(); i++) {
                    long gapStart = sections.get(i - 1).end(), gapEnd = sections.get(i).offset();
                    if (gapEnd > gapStart && rnd.nextBoolean()) {
                        b[(int) (gapStart + rnd.nextInt((int) (gapEnd - gapStart)))] ^= (byte) (1 + rnd.nextInt(255));
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static long extreme(Random rnd) {
        long[] v = {0, -1, 1, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 40, 0xFFFFFFFFL, good.length, good.length + 1L};
        return rnd.nextInt(4) == 0 ? rnd.nextLong() : v[rnd.nextInt(v.length)];
    }

    static void resealTable(MemorySegment s) {
        int count = s.get(I32, 48);
        if (count > 0 && count <= MAX_SECTIONS) s.set(I32, 72, Checksums.crc32c(s.asSlice(HEADER_BYTES, (long) count * SECTION_ENTRY_BYTES)));
        resealHeader(s);
    }

    static void resealHeader(MemorySegment s) {
        s.set(I32, 124, Checksums.crc32c(s.asSlice(0, 124)));
    }

    static void resealSection(MemorySegment s, int index) {
        SectionEntry e = sections.get(index);
        long at = HEADER_BYTES + (long) index * SECTION_ENTRY_BYTES;
        s.set(I32, at + 24, Checksums.crc32c(s.asSlice(e.offset(), e.length())));
        resealTable(s);
    }
}
