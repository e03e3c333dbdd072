package dev.cdn.edge.policy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP-date parsing and formatting (RFC 9110 §5.6.7), strictly by its grammar: a recipient accepts the preferred
 * IMF-fixdate and the two obsolete forms (RFC 850 and asctime), each exactly as written there (two-digit hour,
 * minute and second, GMT only, one space between parts). Anything else is invalid, which callers handle as the
 * RFCs say (an invalid Expires means already expired, RFC 9111 §5.3). Pure: the one use of "now", for RFC 850's
 * two-digit year, takes it as an argument.
 */
public final class HttpDates {

    private static final DateTimeFormatter IMF_OUT = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
    private static final String DAY = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
    private static final String MONTH = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
    private static final String TIME = "(\\d{2}):(\\d{2}):(\\d{2})";
    /** IMF-fixdate: {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    private static final Pattern IMF = Pattern.compile(DAY + ", (\\d{2}) " + MONTH + " (\\d{4}) " + TIME + " GMT");
    /** rfc850-date: {@code Sunday, 06-Nov-94 08:49:37 GMT}. */
    private static final Pattern RFC850 = Pattern.compile(
            "(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-" + MONTH + "-(\\d{2}) " + TIME + " GMT");
    /** asctime-date: {@code Sun Nov  6 08:49:37 1994} (day is two digits or a space and one digit). */
    private static final Pattern ASCTIME = Pattern.compile(DAY + " " + MONTH + " ([ \\d]\\d) " + TIME + " (\\d{4})");
    private static final List<String> MONTHS = List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
            "Oct", "Nov", "Dec");

    private HttpDates() {
    }

    /** Epoch millis of an HTTP-date, or -1 when absent or invalid; RFC 850 years are read against the epoch window. */
    public static long parse(String value) {
        return parse(value, -1);
    }

    /**
     * Epoch millis of an HTTP-date, or -1 when absent or invalid. A two-digit RFC 850 year that would be more than
     * 50 years after {@code nowMillis} is the most recent past year with those digits (RFC 9110 §5.6.7); with no
     * {@code nowMillis} (negative), years 70-99 are 19xx and 00-69 are 20xx.
     */
    public static long parse(String value, long nowMillis) {
        if (value == null) {
            return -1;
        }
        String v = value.trim(); // OWS around a field value is not part of it (RFC 9110 §5.5)
        Matcher m = IMF.matcher(v);
        if (m.matches()) {
            return epoch(Integer.parseInt(m.group(4)), m.group(3), m.group(2), m.group(5), m.group(6), m.group(7));
        }
        m = RFC850.matcher(v);
        if (m.matches()) {
            return epoch(fullYear(Integer.parseInt(m.group(4)), nowMillis), m.group(3), m.group(2), m.group(5),
                    m.group(6), m.group(7));
        }
        m = ASCTIME.matcher(v);
        if (m.matches()) {
            return epoch(Integer.parseInt(m.group(7)), m.group(2), m.group(3).trim(), m.group(4), m.group(5), m.group(6));
        }
        return -1;
    }

    static int fullYear(int twoDigits, long nowMillis) {
        if (nowMillis < 0) {
            return twoDigits >= 70 ? 1900 + twoDigits : 2000 + twoDigits;
        }
        int nowYear = Instant.ofEpochMilli(nowMillis).atZone(ZoneOffset.UTC).getYear();
        int year = nowYear - nowYear % 100 + twoDigits;
        return year > nowYear + 50 ? year - 100 : year;
    }

    private static long epoch(int year, String month, String day, String hour, String minute, String second) {
        try {
            int s = Integer.parseInt(second);
            // The grammar allows a leap second (60); time arithmetic here has none, so it is the last second.
            LocalDateTime t = LocalDateTime.of(year, MONTHS.indexOf(month) + 1, Integer.parseInt(day),
                    Integer.parseInt(hour), Integer.parseInt(minute), s == 60 ? 59 : s);
            return t.toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeException e) {
            return -1; // 31 Feb, hour 24, minute 61...
        }
    }

    public static String format(long epochMillis) {
        return IMF_OUT.format(Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC));
    }
}
