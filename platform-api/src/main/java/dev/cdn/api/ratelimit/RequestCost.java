package dev.cdn.api.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.springframework.http.HttpMethod;
import org.springframework.util.MultiValueMap;

/**
 * What a call takes from its tenant's request budget, read from its method, path and query before any handler runs.
 * Most calls cost one token. Calls whose work grows with their parameters cost in proportion, so that a tenant's
 * budget bounds the work it can cause and not only its number of calls (measured: a 31-day stats query of 1395
 * points costs the API far more CPU than a service read):
 * <ul>
 *   <li>{@code GET /v1/services/{id}/stats}: one token per started {@value #STATS_POINTS_PER_TOKEN} points
 *       (1 for the default last hour, at most 15 for the widest query allowed);</li>
 *   <li>{@code GET /v1/audit}: one token per started {@value #AUDIT_ENTRIES_PER_TOKEN} entries of {@code limit}
 *       (1 for the default page of 50, 10 for a page of 500).</li>
 * </ul>
 * Parameters the handler will refuse cost one token: the refusal is cheap. Pure: the caller passes the time.
 */
public final class RequestCost {

    static final long STATS_POINTS_PER_TOKEN = 100;
    static final long AUDIT_ENTRIES_PER_TOKEN = 50;
    /** The widest stats range and the smallest step the stats API accepts: anything outside is refused, at cost 1. */
    private static final Duration STATS_MAX_SPAN = Duration.ofDays(31);
    private static final long STATS_MIN_STEP = 60;
    private static final Duration STATS_DEFAULT_SPAN = Duration.ofHours(1);
    private static final int AUDIT_MAX_LIMIT = 500;

    private RequestCost() {
    }

    /** The tokens a call takes: at least 1. */
    public static long of(HttpMethod method, String path, MultiValueMap<String, String> query, Instant now) {
        if (!HttpMethod.GET.equals(method)) {
            return 1;
        }
        if (path.equals("/v1/audit")) {
            return auditCost(query.getFirst("limit"));
        }
        if (isStats(path)) {
            return statsCost(query.getFirst("from"), query.getFirst("to"), query.getFirst("step"), now);
        }
        return 1;
    }

    /** Whether a call costs more than one token: such calls also count against the tenant's expensive-call cap. */
    public static boolean expensive(long cost) {
        return cost > 1;
    }

    private static boolean isStats(String path) {
        String prefix = "/v1/services/";
        String suffix = "/stats";
        return path.length() > prefix.length() + suffix.length() && path.startsWith(prefix) && path.endsWith(suffix)
                && path.indexOf('/', prefix.length()) == path.length() - suffix.length();
    }

    private static long auditCost(String limit) {
        try {
            int entries = limit == null ? 50 : Integer.parseInt(limit.trim());
            return entries < 1 || entries > AUDIT_MAX_LIMIT ? 1 : ceilDiv(entries, AUDIT_ENTRIES_PER_TOKEN);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static long statsCost(String from, String to, String step, Instant now) {
        try {
            Instant end = to == null ? now : Instant.parse(to.trim());
            Instant start = from == null ? end.minus(STATS_DEFAULT_SPAN) : Instant.parse(from.trim());
            long seconds = step == null ? 60 : Long.parseLong(step.trim());
            Duration span = Duration.between(start, end);
            if (seconds < STATS_MIN_STEP || span.isNegative() || span.isZero() || span.compareTo(STATS_MAX_SPAN) > 0) {
                return 1;
            }
            return ceilDiv(Math.max(1, span.toSeconds() / seconds), STATS_POINTS_PER_TOKEN);
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            return 1;
        }
    }

    private static long ceilDiv(long value, long divisor) {
        return Math.max(1, (value + divisor - 1) / divisor);
    }
}
