package dev.cdn.edge.esi;

import java.util.Locale;

/**
 * The ESI 1.0 variables of one request (section 4, table of variables), read lazily from its header values. Unknown
 * variables and missing keys are null, which renders as the empty string or the reference's default (section 4.2).
 *
 * @param host the Host header (HTTP_HOST)
 * @param cookie the Cookie header (HTTP_COOKIE, a dictionary)
 * @param acceptLanguage the Accept-Language header (HTTP_ACCEPT_LANGUAGE, a list)
 * @param referer the Referer header (HTTP_REFERER)
 * @param userAgent the User-Agent header (HTTP_USER_AGENT, a dictionary of browser, os and version)
 * @param queryString the query of the request target without '?' (QUERY_STRING, a dictionary)
 */
public record RequestVariables(String host, String cookie, String acceptLanguage, String referer, String userAgent,
                               String queryString) {

    /** A request with none of the headers. */
    public static final RequestVariables NONE = new RequestVariables(null, null, null, null, null, null);

    /** The value of {@code name}, or of its substructure {@code key} when key is not null. */
    public String lookup(String name, String key) {
        return switch (name) {
            case "HTTP_HOST" -> key == null ? host : null;
            case "HTTP_REFERER" -> key == null ? referer : null;
            case "HTTP_COOKIE" -> key == null ? cookie : cookieValue(key);
            case "HTTP_ACCEPT_LANGUAGE" -> key == null ? acceptLanguage : Boolean.toString(acceptsLanguage(key));
            case "HTTP_USER_AGENT" -> key == null ? userAgent : userAgentPart(key);
            case "QUERY_STRING" -> key == null ? queryString : queryParameter(key);
            default -> null;
        };
    }

    /** The value of the first cookie named {@code name} (RFC 6265 section 5.4: "name=value; name2=value2"). */
    private String cookieValue(String name) {
        if (cookie == null) {
            return null;
        }
        for (String pair : cookie.split(";", 256)) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                return stripQuotes(pair.substring(eq + 1).trim());
            }
        }
        return null;
    }

    /**
     * Whether Accept-Language lists {@code range}: a tag equal to it or starting with it and '-' (the basic filtering
     * of RFC 4647 section 3.3.1), ignoring case; a tag with q=0 is "not acceptable" (RFC 9110 section 12.4.2).
     */
    private boolean acceptsLanguage(String range) {
        if (acceptLanguage == null || range.isEmpty()) {
            return false;
        }
        String wanted = range.toLowerCase(Locale.ROOT);
        for (String member : acceptLanguage.split(",", 256)) {
            String[] parts = member.split(";");
            String tag = parts[0].trim().toLowerCase(Locale.ROOT);
            if (!(tag.equals(wanted) || tag.startsWith(wanted + "-"))) {
                continue;
            }
            if (!hasZeroWeight(parts)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasZeroWeight(String[] parameters) {
        for (int i = 1; i < parameters.length; i++) {
            String p = parameters[i].trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2)) == 0.0;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }

    private String userAgentPart(String key) {
        if (userAgent == null) {
            return null;
        }
        UserAgent agent = UserAgent.classify(userAgent);
        return switch (key) {
            case "browser" -> agent.browser().name();
            case "os" -> agent.os().name();
            case "version" -> agent.version();
            default -> null;
        };
    }

    /**
     * The raw (not percent-decoded) value of the first parameter named {@code name}: decoding would let a request turn
     * "%3C" into markup in the page.
     */
    private String queryParameter(String name) {
        if (queryString == null) {
            return null;
        }
        for (String pair : queryString.split("&", 256)) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return eq < 0 ? "" : pair.substring(eq + 1);
            }
        }
        return null;
    }

    private static String stripQuotes(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
