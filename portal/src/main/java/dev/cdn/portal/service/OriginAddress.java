package dev.cdn.portal.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import dev.cdn.config.HostNames;

/**
 * An origin typed as one address ({@code https://origin.example.com}, {@code http://10.0.0.5:8080}): scheme, host
 * and port come from one field, so "TLS ticked, port 8090 typed" can no longer make {@code https://host:8090} out
 * of a plain-HTTP origin. The scheme is required unless the port says it (443 is HTTPS, 80 is HTTP): guessing TLS
 * for any other port is the trap this closes. The default port is the scheme's (RFC 9110 section 4.2). A pure
 * function of its text.
 *
 * @param problem why the text is not an origin address, in plain words; null when it is one
 */
record OriginAddress(boolean tls, String host, int port, String problem) {

    static final String EXAMPLE = "such as https://origin.example.com or http://203.0.113.7:8080";

    static OriginAddress parse(String text) {
        if (text == null || text.isBlank()) {
            return refused("Enter your origin's address, " + EXAMPLE + ".");
        }
        String typed = text.strip();
        String withScheme = typed;
        if (!typed.contains("://")) {
            // No scheme: only a port that names one is taken as saying it.
            int colon = typed.lastIndexOf(':');
            String port = colon < 0 || typed.endsWith("]") ? "" : typed.substring(colon + 1);
            if (port.equals("80")) {
                withScheme = "http://" + typed;
            } else if (port.isEmpty() || port.equals("443")) {
                withScheme = "https://" + typed;
            } else {
                return refused("Start the address with http:// or https://, to say whether the origin speaks plain"
                        + " HTTP or HTTPS on port " + port + ".");
            }
        }
        URI uri;
        try {
            uri = new URI(withScheme);
        } catch (URISyntaxException e) {
            return refused("This is not a web address; enter one " + EXAMPLE + ".");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return refused("The address must start with http:// or https://.");
        }
        if (uri.getRawUserInfo() != null) {
            return refused("Leave out the user name and password: the CDN does not send them to the origin.");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            // java.net.URI leaves the host out when the authority is not a server name (an '_', say).
            String authority = uri.getRawAuthority();
            return refused(authority == null || authority.isEmpty()
                    ? "Enter the origin's host name or IP address after " + scheme + "://."
                    : "'" + authority.replaceFirst(":\\d*$", "") + "' is not a valid host name or IP address.");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return refused("An origin address has no path or query: the CDN sends each request's own path. Remove"
                    + " everything after the host and port.");
        }
        if (!HostNames.isValidOriginHost(host)) {
            return refused("'" + host + "' is not a valid host name or IP address.");
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() == -1 ? (tls ? 443 : 80) : uri.getPort();
        if (port < 1 || port > 65535) {
            return refused("The port must be from 1 to 65535.");
        }
        return new OriginAddress(tls, HostNames.normalize(host), port, null);
    }

    /** The address as it is typed back: the scheme, the host (IPv6 in brackets) and the port unless it is the default. */
    static String format(boolean tls, String host, int port) {
        String shownHost = host != null && host.contains(":") ? "[" + host + "]" : host;
        boolean defaultPort = port == (tls ? 443 : 80);
        return (tls ? "https://" : "http://") + shownHost + (defaultPort ? "" : ":" + port);
    }

    boolean isValid() {
        return problem == null;
    }

    private static OriginAddress refused(String problem) {
        return new OriginAddress(false, null, 0, problem);
    }
}
