package io.vidx.format;

import static io.vidx.format.FormatConstants.*;

import java.lang.foreign.MemorySegment;

/**
 * The PARAMS section: every number that fixes the shape of the other sections. Fixed little-endian
 * struct of {@link FormatConstants#PARAMS_BYTES_V1_0} bytes; a later minor version may append fields,
 * which this reader ignores. Field offsets are listed in format-spec.md §PARAMS.
 *
 * @param count              vectors in the index (N), at least 1
 * @param dim                input dimension
 * @param paddedDim          rotated dimension D': {@link FormatConstants#paddedDim(int)} of dim
 * @param metric             distance
 * @param nlist              IVF cells
 * @param rotationSeed       seed the rotation's sign vectors were drawn from (provenance; signs are stored)
 * @param rotationRounds     sign-flip + Hadamard rounds
 * @param pqM                PQ subquantizers (even, divides D')
 * @param pdxBlock           vectors per PDX block (power of two, 8..1024)
 * @param pdxVerticalDims    leading dimensions stored dimension-major in each PDX block (0..D')
 * @param adsEpsilon0        ADSampling ε0
 * @param adsStep            ADSampling: dimensions between pruning tests (after the vertical part)
 * @param payloadPerBlock    payload records per zstd block, 0 when there are no payloads
 * @param payloadBlocks      payload blocks
 * @param flags              {@code PARAM_FLAG_*} bits
 * @param kmeansIterations   provenance: k-means iterations run for the IVF centroids
 * @param trainSample        provenance: vectors k-means trained on
 */
public record IndexParams(
        long count, int dim, int paddedDim, Metric metric, int nlist,
        long rotationSeed, int rotationRounds,
        int pqM,
        int pdxBlock, int pdxVerticalDims, float adsEpsilon0, int adsStep,
        int payloadPerBlock, long payloadBlocks,
        int flags, int kmeansIterations, int trainSample) {

    /** Bytes of one 1-bit code: one bit per rotated dimension. */
    public int codeBytes() { return paddedDim / 8; }

    /** Dimensions per PQ subquantizer. */
    public int pqDsub() { return paddedDim / pqM; }

    /** Bytes of one PQ fast-scan block of 32 vectors. */
    public int pqBlockBytes() { return pqM * PQ_CENTROIDS; }

    public long pdxBlocks() { return (count + pdxBlock - 1) / pdxBlock; }

    public boolean hasUserIds() { return (flags & PARAM_FLAG_USER_IDS) != 0; }

    public boolean hasPayloads() { return (flags & PARAM_FLAG_PAYLOADS) != 0; }

    public boolean unitNorm() { return (flags & PARAM_FLAG_UNIT_NORM) != 0; }

    public boolean pdxWholeRows() { return (flags & PARAM_FLAG_PDX_WHOLE_ROWS) != 0; }

    public void writeTo(MemorySegment s) {
        s.set(I64, 0, count);
        s.set(I32, 8, dim);
        s.set(I32, 12, paddedDim);
        s.set(I32, 16, metric.code);
        s.set(I32, 20, nlist);
        s.set(I64, 24, rotationSeed);
        s.set(I32, 32, rotationRounds);
        s.set(I32, 36, paddedDim); // code bits per vector
        s.set(I32, 40, pqM);
        s.set(I32, 44, PQ_BITS);
        s.set(I32, 48, pqDsub());
        s.set(I32, 52, pdxBlock);
        s.set(I32, 56, pdxVerticalDims);
        s.set(F32, 60, adsEpsilon0);
        s.set(I32, 64, adsStep);
        s.set(I32, 68, payloadPerBlock);
        s.set(I64, 72, payloadBlocks);
        s.set(I32, 80, flags);
        s.set(I32, 84, kmeansIterations);
        s.set(I32, 88, trainSample);
        s.asSlice(92, PARAMS_BYTES_V1_0 - 92).fill((byte) 0);
    }

    /** Decodes and validates every field on its own and against the others. */
    public static IndexParams read(MemorySegment s, String file, long sectionOffset) {
        Check c = new Check(file, "PARAMS", sectionOffset);
        c.that(s.byteSize() >= PARAMS_BYTES_V1_0, 0, "length " + s.byteSize() + " is shorter than the " + PARAMS_BYTES_V1_0 + " bytes of format 1.0");
        long count = s.get(I64, 0);
        int dim = s.get(I32, 8);
        int paddedDim = s.get(I32, 12);
        int metricCode = s.get(I32, 16);
        int nlist = s.get(I32, 20);
        long seed = s.get(I64, 24);
        int rounds = s.get(I32, 32);
        int codeBits = s.get(I32, 36);
        int pqM = s.get(I32, 40);
        int pqBits = s.get(I32, 44);
        int pqDsub = s.get(I32, 48);
        int pdxBlock = s.get(I32, 52);
        int vertical = s.get(I32, 56);
        float eps0 = s.get(F32, 60);
        int adsStep = s.get(I32, 64);
        int payloadPerBlock = s.get(I32, 68);
        long payloadBlocks = s.get(I64, 72);
        int flags = s.get(I32, 80);
        int iters = s.get(I32, 84);
        int sample = s.get(I32, 88);

        c.that(count >= 1 && count <= (1L << 40), 0, "count: expected 1..2^40, found " + count);
        c.that(dim >= 1 && dim <= MAX_DIM, 8, "dim: expected 1.." + MAX_DIM + ", found " + dim);
        c.that(paddedDim == FormatConstants.paddedDim(dim), 12, "padded dim: expected " + FormatConstants.paddedDim(dim) + " for dim " + dim + ", found " + paddedDim);
        Metric metric = Metric.fromCode(metricCode);
        c.that(metric != null, 16, "metric: expected 0 (L2) or 1 (IP), found " + metricCode);
        c.that(nlist >= 1 && nlist <= count, 20, "nlist: expected 1.." + count + ", found " + nlist);
        c.that(rounds >= 1 && rounds <= MAX_ROTATION_ROUNDS, 32, "rotation rounds: expected 1.." + MAX_ROTATION_ROUNDS + ", found " + rounds);
        c.that(codeBits == paddedDim, 36, "code bits: expected " + paddedDim + ", found " + codeBits);
        c.that(pqM >= 2 && pqM % 2 == 0 && pqM <= paddedDim && paddedDim % pqM == 0, 40,
                "PQ subquantizers: expected an even divisor of " + paddedDim + ", found " + pqM);
        c.that(pqBits == PQ_BITS, 44, "PQ bits: expected " + PQ_BITS + ", found " + pqBits);
        c.that(pqDsub == paddedDim / pqM, 48, "PQ sub-dimension: expected " + (paddedDim / Math.max(pqM, 1)) + ", found " + pqDsub);
        c.that(pdxBlock >= 8 && pdxBlock <= 1024 && Integer.bitCount(pdxBlock) == 1, 52, "PDX block: expected a power of two in 8..1024, found " + pdxBlock);
        c.that(vertical >= 0 && vertical <= paddedDim, 56, "PDX vertical dims: expected 0.." + paddedDim + ", found " + vertical);
        c.that(Float.isFinite(eps0) && eps0 > 0f, 60, "ADSampling epsilon0: expected a positive finite number, found " + eps0);
        c.that(adsStep >= 1 && adsStep <= paddedDim, 64, "ADSampling step: expected 1.." + paddedDim + ", found " + adsStep);
        c.that((flags & ~KNOWN_PARAM_FLAGS) == 0, 80, "flags: unknown bits 0x" + Integer.toHexString(flags & ~KNOWN_PARAM_FLAGS));
        boolean payloads = (flags & PARAM_FLAG_PAYLOADS) != 0;
        if (payloads) {
            c.that(payloadPerBlock >= 1 && payloadPerBlock <= 65536, 68, "payload records per block: expected 1..65536, found " + payloadPerBlock);
            long expectBlocks = (count + payloadPerBlock - 1) / payloadPerBlock;
            c.that(payloadBlocks == expectBlocks, 72, "payload blocks: expected " + expectBlocks + ", found " + payloadBlocks);
        } else {
            c.that(payloadPerBlock == 0 && payloadBlocks == 0, 68, "payload fields must be 0 when the payload flag is clear, found " + payloadPerBlock + " and " + payloadBlocks);
        }
        return new IndexParams(count, dim, paddedDim, metric, nlist, seed, rounds, pqM, pdxBlock, vertical, eps0, adsStep,
                payloadPerBlock, payloadBlocks, flags, iters, sample);
    }

    /** Small helper that turns a failed condition into a located {@link VidxFormatException}. */
    static final class Check {
        private final String file, section;
        private final long base;

        Check(String file, String section, long base) {
            this.file = file;
            this.section = section;
            this.base = base;
        }

        void that(boolean ok, long relativeOffset, String problem) {
            if (!ok) throw new VidxFormatException(file, section, base + relativeOffset, problem);
        }
    }
}
