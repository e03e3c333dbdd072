package dev.cdn.portal.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

import dev.cdn.portal.api.StatsSeries;

class ChartDataTest {

    private static StatsSeries.Point point(int minute, long requests, long hits, long misses, long bytes, long s5) {
        double ratio = hits + misses == 0 ? 0 : (double) hits / (hits + misses);
        return new StatsSeries.Point(Instant.parse("2026-12-06T10:00:00Z").plusSeconds(60L * minute), requests, hits,
                misses, 0, 0, ratio, 0, bytes, 0, 0, s5, requests - s5, 0, 0, s5);
    }

    @Test
    void of_leavesRatiosEmptyInIdleBuckets_insteadOfDrawingThemAtZero() {
        StatsSeries series = new StatsSeries(Instant.EPOCH, Instant.EPOCH, 60, List.of(
                point(0, 10, 9, 1, 1000, 1), point(1, 0, 0, 0, 0, 0), point(2, 4, 2, 2, 400, 0)));
        ChartData data = ChartData.of(series, TimeRange.HOUR);
        assertThat(data.hitRatio()).containsExactly(90.0, null, 50.0);
        assertThat(data.errorRate()).containsExactly(10.0, null, 0.0);
        assertThat(data.originOffload()).containsExactly(0.0, null, 0.0);
        assertThat(data.hits()).containsExactly(9L, 0L, 2L);
    }

    @Test
    void of_scalesBandwidthToTheUnitOfItsLargestBucket() {
        StatsSeries series = new StatsSeries(Instant.EPOCH, Instant.EPOCH, 60, List.of(
                point(0, 1, 1, 0, 2_500_000, 0), point(1, 1, 1, 0, 300_000, 0)));
        ChartData data = ChartData.of(series, TimeRange.HOUR);
        assertThat(data.bandwidthUnit()).isEqualTo("MB");
        assertThat(data.bandwidthToClients()).containsExactly(2.5, 0.3);
    }

    @Test
    void byteUnit_forSmallAndHugePeaks() {
        assertThat(ByteUnit.forPeak(0)).isEqualTo(ByteUnit.B);
        assertThat(ByteUnit.forPeak(999)).isEqualTo(ByteUnit.B);
        assertThat(ByteUnit.forPeak(1000)).isEqualTo(ByteUnit.KB);
        assertThat(ByteUnit.forPeak(7_000_000_000_000L)).isEqualTo(ByteUnit.TB);
    }

    @Test
    void change_readsCountsRelatively_andRatiosInPoints() {
        assertThat(Change.ofCount(4, 8).text()).isEqualTo("+100.0 % vs previous period");
        assertThat(Change.ofCount(0, 8).direction()).isEqualTo(Change.Direction.NEW);
        assertThat(Change.ofCount(0, 0).direction()).isEqualTo(Change.Direction.NONE);
        assertThat(Change.ofRatio(true, 0.90, true, 0.85).text()).isEqualTo("-5.0 pt vs previous period");
        assertThat(Change.ofRatio(false, 0, true, 0.85).direction()).isEqualTo(Change.Direction.NONE);
    }
}
