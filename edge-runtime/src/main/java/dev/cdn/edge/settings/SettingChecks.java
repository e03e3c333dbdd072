package dev.cdn.edge.settings;

import dev.cdn.edge.upstream.ShieldTopology;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The checks of single settings: each returns the value it was given or throws an {@link IllegalArgumentException}
 * whose message names the setting and what it got, so a wrong flag or builder call says which one and why.
 */
final class SettingChecks {

    private static final long ONE_MIB = 1024 * 1024;

    private SettingChecks() {
    }

    /** The node id goes into Via, Cache-Status and CDN-Loop, so it must be an RFC 9110 token. */
    static String nodeId(String nodeId) {
        if (nodeId == null || !nodeId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("nodeId must be 1-64 letters, digits, '.', '_' or '-', got '"
                    + nodeId + "'");
        }
        return nodeId;
    }

    static String pop(String pop) {
        if (pop == null || pop.isBlank() || pop.length() > 64 || pop.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("pop must be 1-64 visible ASCII characters, got '" + pop + "'");
        }
        return pop;
    }

    static String region(String region) {
        if (region == null || !ShieldTopology.REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region must be 1-63 lowercase letters, digits or '-', got '"
                    + region + "'");
        }
        return region;
    }

    static String notBlank(String setting, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(setting + " must not be blank");
        }
        return value;
    }

    static String host(String setting, String host) {
        return notBlank(setting + " host", host);
    }

    static int port(String setting, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(setting + " port must be between 0 and 65535 (0 = random), got " + port);
        }
        return port;
    }

    static URI httpUri(String setting, URI uri) {
        if (uri == null || uri.getScheme() == null || uri.getHost() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new IllegalArgumentException(setting
                    + " must be an absolute http(s) URL such as http://127.0.0.1:8001, got '" + uri + "'");
        }
        return uri;
    }

    static Duration positive(String setting, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(setting + " must be positive, got " + d);
        }
        return d;
    }

    /** A bound in bytes, at least 1 MiB. */
    static long atLeastOneMiB(String setting, long bytes) {
        if (bytes < ONE_MIB) {
            throw new IllegalArgumentException(setting + " must be at least 1 MiB (1048576), got " + bytes);
        }
        return bytes;
    }

    static int between(String setting, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(setting + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** The names a shield's fleet certificate is issued for: at most 8 host names or addresses, no wildcards. */
    static List<String> fleetCertNames(List<String> names) {
        for (String n : names) {
            if (n == null || n.isBlank() || n.contains("*")) {
                throw new IllegalArgumentException("fleetCertNames: '" + n + "' must be a host name or IP address"
                        + " (no wildcards)");
            }
        }
        if (names.size() > 8) {
            throw new IllegalArgumentException("fleetCertNames: at most 8 names, not " + names.size());
        }
        return List.copyOf(names);
    }
}
