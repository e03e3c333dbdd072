package dev.cdn.portal.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Number and time formats for the pages, as {@code ${@fmt.bytes(n)}} in templates: one place decides how a
 * byte count or a ratio reads, so every page says it the same way.
 */
@Component("fmt")
public class Formats {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB"};

    /** {@code 1536} → {@code "1.5 KB"} (powers of 1000, as network traffic is billed). */
    public String bytes(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** {@code 0.934} → {@code "93.4 %"}. */
    public String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f %%", ratio * 100);
    }

    /** {@code 12345} → {@code "12,345"}. */
    public String count(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    /** An instant in UTC, or a dash when there is none. */
    public String time(Instant instant) {
        return instant == null ? "—" : TIME.format(instant);
    }

    /** A JSON value from a diff or the audit log, short enough for a table cell. */
    public String value(Object value) {
        if (value == null) {
            return "—";
        }
        String text = value instanceof String s ? s : JSON.writeValueAsString(value);
        return text.length() > 300 ? text.substring(0, 297) + "…" : text;
    }
}
