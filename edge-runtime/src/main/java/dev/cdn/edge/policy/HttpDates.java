package dev.cdn.edge.policy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** HTTP-date parsing and formatting (RFC 9110 section 5.6.7): IMF-fixdate, obsolete RFC 850 and asctime forms. */
public final class HttpDates {

    private static final DateTimeFormatter IMF = DateTimeFormatter.RFC_1123_DATE_TIME;
    private static final DateTimeFormatter IMF_OUT = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
    private static final DateTimeFormatter RFC850 = DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US)
            .withZone(ZoneOffset.UTC);

    private HttpDates() {
    }

    /** Epoch millis of an HTTP-date, or -1 when absent or unparseable (callers treat that as "no date"). */
    public static long parse(String value) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        String v = value.trim();
        for (DateTimeFormatter f : new DateTimeFormatter[] {IMF, RFC850, ASCTIME}) {
            try {
                return ZonedDateTime.parse(v, f).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return -1;
    }

    public static String format(long epochMillis) {
        return IMF_OUT.format(Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC));
    }
}
