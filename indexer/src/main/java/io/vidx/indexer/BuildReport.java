package io.vidx.indexer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a build did: the file, its shape, and seconds spent per phase. */
public record BuildReport(Path output, long count, int dim, int nlist, int pqM, long fileBytes, String buildId,
                          Map<String, Double> phaseSeconds) {
    public double totalSeconds() {
        return phaseSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    static Map<String, Double> newTimings() { return new LinkedHashMap<>(); }
}
