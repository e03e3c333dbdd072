package dev.cdn.api.cert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the platform orders through ACME: renewal at two thirds of the lifetime, uploads respected, back-off. */
class RenewalPolicyTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant T90 = T0.plus(Duration.ofDays(90));

    static RenewalPolicy.Held acme(String... names) {
        return new RenewalPolicy.Held(CertificateSource.ACME, List.of(names), T0, T90);
    }

    static RenewalPolicy.Held upload(String... names) {
        return new RenewalPolicy.Held(CertificateSource.UPLOAD, List.of(names), T0, T90);
    }

    @Test
    void renewAt_isTwoThirdsOfTheLifetime() {
        assertThat(RenewalPolicy.renewAt(T0, T90)).isEqualTo(T0.plus(Duration.ofDays(60)));
    }

    @Test
    void toOrder_followsTheTable() {
        List<String> verified = List.of("a.example", "b.example", "*.w.example");
        Instant day30 = T0.plus(Duration.ofDays(30));
        Instant day61 = T0.plus(Duration.ofDays(61));
        record Row(List<RenewalPolicy.Held> held, Instant now, List<String> expected) {
        }
        List<Row> table = List.of(
                // Nothing held: order every HTTP-01-provable name (never the wildcard).
                new Row(List.of(), day30, List.of("a.example", "b.example")),
                // An ACME certificate before two thirds: nothing.
                new Row(List.of(acme("a.example", "b.example")), day30, List.of()),
                // Past two thirds: renew.
                new Row(List.of(acme("a.example", "b.example")), day61, List.of("a.example", "b.example")),
                // An upload counts until it expires.
                new Row(List.of(upload("a.example", "b.example")), day61, List.of()),
                new Row(List.of(upload("a.example", "b.example")), T90, List.of("a.example", "b.example")),
                // One name uncovered: order both, so the service keeps one certificate.
                new Row(List.of(acme("a.example")), day30, List.of("a.example", "b.example")),
                // A wildcard certificate covers one label.
                new Row(List.of(upload("*.example")), day30, List.of()));
        for (Row row : table) {
            assertThat(RenewalPolicy.toOrder(verified, row.held(), row.now())).as(row.toString())
                    .isEqualTo(row.expected());
        }
    }

    @Test
    void retryDelay_doublesPerFailure_atMostADay() {
        Duration base = Duration.ofMinutes(10);
        assertThat(RenewalPolicy.retryDelay(base, 1)).isEqualTo(Duration.ofMinutes(10));
        assertThat(RenewalPolicy.retryDelay(base, 2)).isEqualTo(Duration.ofMinutes(20));
        assertThat(RenewalPolicy.retryDelay(base, 4)).isEqualTo(Duration.ofMinutes(80));
        assertThat(RenewalPolicy.retryDelay(base, 40)).isEqualTo(Duration.ofDays(1));
    }
}
