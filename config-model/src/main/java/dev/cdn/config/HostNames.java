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

    /**
     * A service domain: a host name of at least two labels, or {@code *.} followed by one. A single label
     * ({@code localhost}, {@code intranet}) is no public name anyone can prove they own, and {@code *.localhost} or
     * {@code *.com} would claim a whole top-level space; both are refused, with {@link #domainProblem} saying so.
     */
    public static boolean isValidDomain(String domain) {
        return domainProblem(domain) == null;
    }

    /** Why {@code domain} is not a service domain, in words that name the rule it breaks; null when it is one. */
    public static String domainProblem(String domain) {
        if (domain == null || domain.isBlank()) {
            return "is required";
        }
        String d = normalize(domain);
        boolean wildcard = d.startsWith("*.");
        String rest = wildcard ? d.substring(2) : d;
        if (rest.contains("*")) {
            return "a wildcard is allowed only as the whole first label, as in *.example.com";
        }
        if (!isValidHostName(rest)) {
            return "'" + domain.strip() + "' is not a valid host name: use letters, digits and '-' in dot-separated"
                    + " labels (a wildcard only as '*.' at the start)";
        }
        if (!rest.contains(".")) {
            return wildcard
                    ? "'" + d + "' would cover every name under '" + rest + "': a wildcard needs at least two labels"
                            + " after '*.', such as *.example.com (or *.app.localhost)"
                    : "'" + d + "' is a single label: use a full name with at least two labels, such as"
                            + " www.example.com (or app.localhost to test locally)";
        }
        return null;
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
