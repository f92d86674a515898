package io.vidx.indexer;

import io.vidx.format.Metric;
import java.nio.file.Path;

/**
 * Everything that shapes a build. Zero for a size means "choose the default from the data".
 *
 * @param metric            L2 or IP
 * @param nlist             IVF cells; 0 = about 4·sqrt(N)
 * @param seed              seeds sampling, k-means, PQ and the rotation: same input + options = same bytes
 * @param kmeansIterations  Lloyd iterations for the IVF centroids
 * @param trainSample       vectors k-means trains on; 0 = min(N, 32·nlist)
 * @param pqM               PQ subquantizers; 0 = D'/8 (4 bits per 8 rotated dims)
 * @param pqTrainSample     residuals the PQ codebooks train on
 * @param rotationRounds    sign-flip + Hadamard rounds
 * @param pdxBlock          vectors per PDX block
 * @param pdxVerticalDims   dimension-major prefix of each PDX block; -1 = min(96, D') (measured: docs/benchmarks.md)
 * @param adsEpsilon0       ADSampling ε0 stored for the exact tier
 * @param adsStep           ADSampling test spacing stored for the exact tier
 * @param payloadFile       UTF-8 text, one line per input vector, or null
 * @param payloadPerBlock   payload lines per zstd block
 * @param idsFile           one signed 64-bit id per line per input vector, or null (ids = row numbers)
 * @param threads           worker threads
 * @param spill             also file each vector in a second cell (SOAR spilling, format 1.1's spill sections)
 * @param pdxWholeRows      store each PDX row's first V dims again in its row-major part (format 1.2's
 *                          PDX_WHOLE_ROWS: +V/D' of the store, one contiguous read per reranked row)
 */
public record BuildOptions(Metric metric, int nlist, long seed, int kmeansIterations, int trainSample, int pqM,
                           int pqTrainSample, int rotationRounds, int pdxBlock, int pdxVerticalDims,
                           float adsEpsilon0, int adsStep, Path payloadFile, int payloadPerBlock, Path idsFile, int threads, boolean spill, boolean pdxWholeRows) {

    public static BuildOptions defaults(Metric metric) {
        return new BuildOptions(metric, 0, 42L, 10, 0, 0, 65536, 3, 64, -1, 1.5f, 32, null, 64, null,
                Runtime.getRuntime().availableProcessors(), true, true);
    }

    public BuildOptions withNlist(int v) { return new BuildOptions(metric, v, seed, kmeansIterations, trainSample, pqM, pqTrainSample, rotationRounds, pdxBlock, pdxVerticalDims, adsEpsilon0, adsStep, payloadFile, payloadPerBlock, idsFile, threads, spill, pdxWholeRows); }

    public BuildOptions withSeed(long v) { return new BuildOptions(metric, nlist, v, kmeansIterations, trainSample, pqM, pqTrainSample, rotationRounds, pdxBlock, pdxVerticalDims, adsEpsilon0, adsStep, payloadFile, payloadPerBlock, idsFile, threads, spill, pdxWholeRows); }

    public BuildOptions withThreads(int v) { return new BuildOptions(metric, nlist, seed, kmeansIterations, trainSample, pqM, pqTrainSample, rotationRounds, pdxBlock, pdxVerticalDims, adsEpsilon0, adsStep, payloadFile, payloadPerBlock, idsFile, v, spill, pdxWholeRows); }

    public BuildOptions withPq(int m) { return new BuildOptions(metric, nlist, seed, kmeansIterations, trainSample, m, pqTrainSample, rotationRounds, pdxBlock, pdxVerticalDims, adsEpsilon0, adsStep, payloadFile, payloadPerBlock, idsFile, threads, spill, pdxWholeRows); }

    public BuildOptions withPayloads(Path file) { return new BuildOptions(metric, nlist, seed, kmeansIterations, trainSample, pqM, pqTrainSample, rotationRounds, pdxBlock, pdxVerticalDims, adsEpsilon0, adsStep, file, payloadPerBlock, idsFile, threads, spill, pdxWholeRows); }

    public BuildOptions withIds(Path file) { return new BuildOptions(metric, nlist, seed, kmeansIterations, trainSample, pqM, pqTrainSample, rotationRounds, pdxBlock, pdxVerticalDims, adsEpsilon0, adsStep, payloadFile, payloadPerBlock, file, threads, spill, pdxWholeRows); }

    public BuildOptions withKmeans(int iterations, int sample) { return new BuildOptions(metric, nlist, seed, iterations, sample, pqM, pqTrainSample, rotationRounds, pdxBlock, pdxVerticalDims, adsEpsilon0, adsStep, payloadFile, payloadPerBlock, idsFile, threads, spill, pdxWholeRows); }

    public BuildOptions withAdSampling(float eps0, int step) { return new BuildOptions(metric, nlist, seed, kmeansIterations, trainSample, pqM, pqTrainSample, rotationRounds, pdxBlock, pdxVerticalDims, eps0, step, payloadFile, payloadPerBlock, idsFile, threads, spill, pdxWholeRows); }

    public BuildOptions withPdx(int block, int vertical) { return new BuildOptions(metric, nlist, seed, kmeansIterations, trainSample, pqM, pqTrainSample, rotationRounds, block, vertical, adsEpsilon0, adsStep, payloadFile, payloadPerBlock, idsFile, threads, spill, pdxWholeRows); }

    public BuildOptions withPdxWholeRows(boolean v) { return new BuildOptions(metric, nlist, seed, kmeansIterations, trainSample, pqM, pqTrainSample, rotationRounds, pdxBlock, pdxVerticalDims, adsEpsilon0, adsStep, payloadFile, payloadPerBlock, idsFile, threads, spill, v); }

    public BuildOptions withSpill(boolean v) { return new BuildOptions(metric, nlist, seed, kmeansIterations, trainSample, pqM, pqTrainSample, rotationRounds, pdxBlock, pdxVerticalDims, adsEpsilon0, adsStep, payloadFile, payloadPerBlock, idsFile, threads, v, pdxWholeRows); }
}
