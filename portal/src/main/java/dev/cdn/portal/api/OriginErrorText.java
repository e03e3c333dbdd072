package dev.cdn.portal.api;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns the last error an edge reported for an origin ({@code "health check failed: connection refused"},
 * {@code "NotSslRecordException: not an SSL/TLS record: 4854..."}) into a sentence a customer can act on. Edges
 * word some failures themselves and pass others on as exception text; this never shows a class name or a hex dump,
 * whatever the edge's version. A pure function of its input.
 */
public final class OriginErrorText {

    private static final String CHECK_PREFIX = "health check failed: ";
    private static final Pattern ANSWERED = Pattern.compile("health check answered (\\d{3})");
    private static final Pattern EXCEPTION_NAME = Pattern.compile("\\b(?:[a-z]\\w*\\.)*[A-Z]\\w*(?:Exception|Error)\\b:?\\s*");
    private static final Pattern HEX_DUMP = Pattern.compile("\\b[0-9a-fA-F]{16,}\\b");
    private static final int MAX = 160;

    private OriginErrorText() {
    }

    /** The plain sentence for {@code raw}; null when there is no error. */
    public static String plain(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String text = raw.strip();
        String lower = text.toLowerCase(Locale.ROOT);
        var answered = ANSWERED.matcher(lower);
        if (answered.find()) {
            return "The health check got HTTP " + answered.group(1) + " from the origin (an error status): check the"
                    + " health check path, or what the origin answers on it.";
        }
        if (lower.contains("notsslrecord") || lower.contains("not an ssl/tls record")) {
            return "The origin answered in plain HTTP, not TLS. If it does not serve HTTPS on this port, give its"
                    + " address as http://, or use the port where it serves HTTPS.";
        }
        if (lower.contains("certificate") || lower.contains("pkix") || lower.contains("certpath")) {
            return "The origin's TLS certificate was not accepted (not valid for this host name, expired, or not"
                    + " signed by a public authority).";
        }
        if (lower.contains("handshake") || lower.contains("ssl") || lower.contains("tls")) {
            return "The TLS handshake with the origin failed: check that it serves HTTPS on this port.";
        }
        if (lower.contains("connection refused")) {
            return "Nothing accepts connections at this host and port (connection refused): check the address, and"
                    + " that the origin is running.";
        }
        if (lower.contains("connect timed out")) {
            return "The origin did not accept a connection in time: check the address, and that a firewall lets the"
                    + " CDN in.";
        }
        if (lower.contains("unknown host")) {
            String host = text.substring(lower.indexOf("unknown host") + "unknown host".length()).strip();
            return host.isEmpty() ? "The origin's host name does not resolve in DNS."
                    : "The host name " + host + " does not resolve in DNS.";
        }
        if (lower.contains("timed out")) {
            return "The origin accepted the connection but did not answer in time.";
        }
        if (lower.contains("closed before the response")) {
            return "The origin closed the connection without answering.";
        }
        String rest = lower.startsWith(CHECK_PREFIX) ? text.substring(CHECK_PREFIX.length()) : text;
        String cleaned = HEX_DUMP.matcher(EXCEPTION_NAME.matcher(rest).replaceAll("")).replaceAll("…").strip();
        if (cleaned.isEmpty() || cleaned.equals("…")) {
            return "The request to the origin failed.";
        }
        if (cleaned.length() > MAX) {
            cleaned = cleaned.substring(0, MAX) + "…";
        }
        return "The request to the origin failed: " + cleaned;
    }
}
