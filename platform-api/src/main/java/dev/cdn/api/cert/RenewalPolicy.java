package dev.cdn.api.cert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When a service needs an ACME order: pure functions of the certificates it holds and the time. An ACME
 * certificate is renewed once two thirds of its lifetime have passed (Let's Encrypt's advice for 90-day
 * certificates: 30 days before expiry), so a failing renewal has a third of the lifetime to be retried; an uploaded
 * certificate is the tenant's to renew and counts until it expires. A failed order is retried after
 * {@code retryAfter}, doubling per failure in a row, at most a day apart.
 */
final class RenewalPolicy {

    static final Duration MAX_RETRY = Duration.ofDays(1);

    /** What a service holds: each certificate's source, names and validity. */
    record Held(CertificateSource source, List<String> names, Instant notBefore, Instant notAfter) {
    }

    private RenewalPolicy() {
    }

    /** When an ACME certificate of this validity is due for renewal. */
    static Instant renewAt(Instant notBefore, Instant notAfter) {
        return notBefore.plus(Duration.between(notBefore, notAfter).multipliedBy(2).dividedBy(3));
    }

    /** Whether {@code held} still covers {@code name} at {@code now} without needing renewal. */
    static boolean covers(Held held, String name, Instant now) {
        Instant until = held.source() == CertificateSource.ACME ? renewAt(held.notBefore(), held.notAfter())
                : held.notAfter();
        return !now.isBefore(held.notBefore()) && now.isBefore(until)
                && held.names().stream().anyMatch(n -> NameCoverage.covers(n, name));
    }

    /**
     * The names to order now: every name ACME can prove by HTTP-01 (no wildcards) when any of them is not covered,
     * else none. Ordering them together keeps one certificate per service.
     */
    static List<String> toOrder(List<String> verified, List<Held> held, Instant now) {
        List<String> orderable = verified.stream().filter(n -> !n.startsWith("*.")).toList();
        boolean uncovered = orderable.stream().anyMatch(n -> held.stream().noneMatch(h -> covers(h, n, now)));
        return uncovered ? orderable : List.of();
    }

    /** The wait before the next attempt after {@code failures} failures in a row (at least 1). */
    static Duration retryDelay(Duration retryAfter, int failures) {
        Duration delay = retryAfter;
        for (int i = 1; i < failures && delay.compareTo(MAX_RETRY) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay;
    }
}
