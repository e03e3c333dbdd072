package dev.cdn.config;

import java.util.Locale;
import java.util.regex.Pattern;

/** Host-name syntax (RFC 1123 labels) and normalization, shared by the control plane and the edge. */
public final class HostNames {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private HostNames() {
    }

    /** Lower-cases and drops one trailing dot, so {@code Example.COM.} and {@code example.com} are one host. */
    public static String normalize(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** A syntactically valid DNS host name (after {@link #normalize}), at most 253 characters. */
    public static boolean isValidHostName(String host) {
        if (host == null) {
            return false;
        }
        String h = normalize(host);
        if (h.isEmpty() || h.length() > 253) {
            return false;
        }
        for (String label : h.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** A service domain: a host name, or {@code *.} followed by a host name with at least two labels. */
    public static boolean isValidDomain(String domain) {
        if (domain == null) {
            return false;
        }
        String d = normalize(domain);
        if (d.startsWith("*.")) {
            String rest = d.substring(2);
            return rest.contains(".") && isValidHostName(rest);
        }
        return isValidHostName(d);
    }

    public static boolean isIpv4Literal(String host) {
        return host != null && IPV4.matcher(host).matches();
    }

    /** An origin host: a host name, an IPv4 literal or a bracket-free IPv6 literal. */
    public static boolean isValidOriginHost(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        if (isIpv4Literal(host)) {
            return true;
        }
        if (host.indexOf(':') >= 0) {
            return host.matches("[0-9a-fA-F:.]+");
        }
        return isValidHostName(host);
    }
}
