package dev.cdn.edge.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.DiskUnverifiedPeriod;
import dev.cdn.edge.support.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DiskUnverifiedReportTest {

    private static final Instant FAIL_STATIC_AT = Instant.parse("2026-12-06T10:00:10Z");

    private static DiskUnverifiedReport caughtUpAt(Instant when, long hits) {
        return new DiskUnverifiedReport(FAIL_STATIC_AT, Clock.fixed(when, ZoneOffset.UTC), () -> hits);
    }

    @Test
    void due_caughtUpBeforeTheFailStaticTimeout_reportsNothing() {
        DiskUnverifiedReport report = caughtUpAt(FAIL_STATIC_AT.minusSeconds(3), 0);
        assertThat(report.due()).isEmpty();
        assertThat(report.state()).isEqualTo(DiskUnverifiedReport.State.SENT);
    }

    @Test
    void due_caughtUpAfterTheFailStaticTimeout_reportsTheSpanAndTheHits_once() {
        DiskUnverifiedReport report = caughtUpAt(FAIL_STATIC_AT.plusSeconds(42), 7);
        assertThat(report.due()).contains(new DiskUnverifiedPeriod(FAIL_STATIC_AT, FAIL_STATIC_AT.plusSeconds(42), 7));
        assertThat(report.due()).as("being sent").isEmpty();
        report.sent();
        assertThat(report.due()).as("sent").isEmpty();
    }

    @Test
    void due_afterAFailedSend_reportsTheSameSpanAgain_endedWhenTheNodeCaughtUp() {
        MutableClock clock = new MutableClock(FAIL_STATIC_AT.plusSeconds(5));
        DiskUnverifiedReport report = new DiskUnverifiedReport(FAIL_STATIC_AT, clock, () -> 1);
        DiskUnverifiedPeriod first = report.due().orElseThrow();
        report.failed();
        clock.advance(Duration.ofSeconds(30)); // the retry goes later; the span ended when it caught up
        assertThat(report.due()).contains(first);
    }
}
