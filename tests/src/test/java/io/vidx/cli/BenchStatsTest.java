package io.vidx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The statistics `vidx bench` reports: the median of the batch runs' times, and latency percentiles. */
class BenchStatsTest {
    @Test
    void medianIsTheMiddleRunOrTheMeanOfTheMiddleTwo() {
        assertThat(Bench.median(new double[] {3.0}, 1)).isEqualTo(3.0);
        assertThat(Bench.median(new double[] {1.0, 4.0}, 2)).isEqualTo(2.5);
        assertThat(Bench.median(new double[] {1.0, 2.0, 9.0}, 3)).isEqualTo(2.0);
        assertThat(Bench.median(new double[] {1.0, 2.0, 3.0, 10.0, 0.0}, 4)).isEqualTo(2.5); // only the first n count
    }

    @Test
    void percentilesTakeTheNearestRankAbove() {
        double[] sorted = new double[100];
        for (int i = 0; i < 100; i++) sorted[i] = i + 1;
        assertThat(Bench.percentile(sorted, 0.50)).isEqualTo(50.0);
        assertThat(Bench.percentile(sorted, 0.99)).isEqualTo(99.0);
        assertThat(Bench.percentile(new double[] {7.0}, 0.99)).isEqualTo(7.0);
        assertThat(Bench.percentile(new double[0], 0.5)).isNaN();
    }
}
