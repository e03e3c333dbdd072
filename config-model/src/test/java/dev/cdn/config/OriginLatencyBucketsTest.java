package dev.cdn.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OriginLatencyBucketsTest {

    @ParameterizedTest
    @CsvSource({"0, 0", "5, 0", "6, 1", "100, 4", "101, 5", "10000, 10", "10001, 11", "999999, 11"})
    void index_placesATimeInTheFirstBucketWhoseBoundHoldsIt(long millis, int bucket) {
        assertThat(OriginLatencyBuckets.index(millis)).isEqualTo(bucket);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            // counts per bucket; quantile; expected upper bound
            "0,0,0,0,0,0,0,0,0,0,0,0; 0.95; -1",
            "0,0,0,0,100,0,0,0,0,0,0,0; 0.95; 100",
            "0,0,0,0,95,0,0,5,0,0,0,0; 0.95; 100",
            "0,0,0,0,94,0,0,6,0,0,0,0; 0.95; 1000",
            "0,0,0,0,0,0,0,0,0,0,0,1; 0.95; 20000",
            "1,0,0,0,0,0,0,0,0,0,0,0; 0.5; 5"})
    void quantile_isTheUpperBoundOfTheBucketHoldingIt(String counts, double quantile, long expected) {
        long[] histogram = java.util.Arrays.stream(counts.split(",")).mapToLong(Long::parseLong).toArray();
        assertThat(OriginLatencyBuckets.quantile(histogram, quantile)).isEqualTo(expected);
    }
}
