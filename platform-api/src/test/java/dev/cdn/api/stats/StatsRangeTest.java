package dev.cdn.api.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdn.api.error.ApiException;
import dev.cdn.api.error.FieldError;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StatsRangeTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @Test
    void check_absentBounds_meanTheLastHour() {
        StatsRange range = StatsRange.check(null, null, 60, NOW);
        assertThat(range.to()).isEqualTo(NOW);
        assertThat(range.from()).isEqualTo(NOW.minus(Duration.ofHours(1)));
    }

    @Test
    void check_thirtyOneDaysAtAnHour_isAccepted() {
        StatsRange range = StatsRange.check(NOW.minus(Duration.ofDays(31)), NOW, 3600, NOW);
        assertThat(range.step()).isEqualTo(3600);
    }

    @ParameterizedTest(name = "from={0} to={1} step={2} -> {3}")
    @CsvSource({
            "-4713-01-01T00:00:00Z, 2026-06-01T12:00:00Z, 1073741824, from",
            "+90000-01-01T00:00:00Z, 2026-06-01T12:00:00Z, 60, from",
            "2026-06-01T11:00:00Z, +90000-01-01T00:00:00Z, 60, to",
            "2016-05-01T00:00:00Z, 2016-05-02T00:00:00Z, 600, from",
            "2026-04-01T00:00:00Z, 2026-06-01T00:00:00Z, 86400, from",
            "2026-06-01T11:00:00Z, 2026-06-01T12:00:00Z, 10, step",
            "2026-06-01T11:00:00Z, 2026-06-01T12:00:00Z, 90, step",
            "2026-06-01T11:00:00Z, 2026-06-01T12:00:00Z, 2147483648, step",
            "2026-06-01T12:00:00Z, 2026-06-01T11:00:00Z, 60, from",
            "2026-05-01T00:00:00Z, 2026-05-31T00:00:00Z, 60, step",
    })
    void check_outOfBounds_isRefusedNamingTheParameter(String from, String to, long step, String field) {
        assertThatThrownBy(() -> StatsRange.check(Instant.parse(from), Instant.parse(to), step, NOW))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors()).extracting(FieldError::field)
                        .contains(field));
    }
}
