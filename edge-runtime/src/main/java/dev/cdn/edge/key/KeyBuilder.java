package dev.cdn.edge.key;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Builds cache keys and Vary secondary keys from request values; pure functions, no I/O. */
public final class KeyBuilder {

    /**
     * The schemes a key can carry. The scheme is part of the key because an origin may answer the two differently
     * (typically a redirect from http to https, which served on https would loop); purges by URL cover both.
     */
    public static final List<String> SCHEMES = List.of("http", "https");

    private KeyBuilder() {
    }

    /** The normalized absolute URL for a scheme, host, raw path and raw query under a query filter. */
    public static String url(String scheme, String host, String rawPath, String rawQuery, QueryFilter query) {
        String q = query.apply(rawQuery);
        return scheme + "://" + host + UriNormalizer.normalizePath(rawPath) + (q.isEmpty() ? "" : "?" + q);
    }

    public static CacheKey key(String serviceId, String url, HttpHeaders request, List<String> keyHeaders,
                               List<String> keyCookies) {
        if (keyHeaders.isEmpty() && keyCookies.isEmpty()) {
            return new CacheKey(serviceId, url, serviceId + ' ' + url); // one string, no builder: every hit builds it
        }
        StringBuilder sb = new StringBuilder(serviceId.length() + url.length() + 16);
        sb.append(serviceId).append(' ').append(url);
        for (String h : keyHeaders) {
            sb.append("|h:").append(h.toLowerCase(Locale.ROOT)).append('=').append(headerValue(request, h));
        }
        if (!keyCookies.isEmpty()) {
            Set<Cookie> cookies = ServerCookieDecoder.LAX.decode(String.join("; ", request.getAll("Cookie")));
            for (String name : keyCookies) {
                String value = "";
                for (Cookie c : cookies) {
                    if (c.name().equals(name)) {
                        value = c.value();
                        break;
                    }
                }
                sb.append("|c:").append(name).append('=').append(value);
            }
        }
        return new CacheKey(serviceId, url, sb.toString());
    }

    /** The variants of the most common Vary, {@code Accept-Encoding} alone: one string each, built once. */
    private static final String AE_BR = "accept-encoding=br\n";
    private static final String AE_GZIP = "accept-encoding=gzip\n";
    private static final String AE_IDENTITY = "accept-encoding=identity\n";

    /** The secondary key of a request for the given (lower-case) Vary field names, in order. */
    public static String variant(HttpHeaders request, List<String> varyNames, List<String> languages) {
        if (varyNames.isEmpty()) {
            return "";
        }
        if (varyNames.size() == 1 && varyNames.get(0).equals("accept-encoding")) {
            String coding = normalizeAcceptEncoding(request.get("Accept-Encoding"));
            return coding.equals("br") ? AE_BR : coding.equals("gzip") ? AE_GZIP : AE_IDENTITY;
        }
        StringBuilder sb = new StringBuilder();
        for (String name : varyNames) {
            String value;
            if (name.equals("accept-encoding")) {
                value = normalizeAcceptEncoding(request.get("Accept-Encoding"));
            } else if (name.equals("accept-language") && !languages.isEmpty()) {
                value = normalizeLanguage(request.get("Accept-Language"), languages);
            } else if (!request.contains(name)) {
                // RFC 9111 4.1: an absent field matches only an absent one, never an empty value ("name=").
                sb.append(name).append('\n');
                continue;
            } else {
                value = headerValue(request, name);
            }
            sb.append(name).append('=').append(value).append('\n');
        }
        return sb.toString();
    }

    /** Reduces Accept-Encoding to the one coding the edge stores variants for: br, gzip or identity. */
    public static String normalizeAcceptEncoding(String header) {
        if (header == null) {
            return "identity";
        }
        if (header.indexOf(';') < 0) {
            return listedCoding(header);
        }
        boolean br = false;
        boolean gzip = false;
        for (String part : header.toLowerCase(Locale.ROOT).split(",")) {
            String[] bits = part.trim().split(";");
            String coding = bits[0].trim();
            if (zeroQuality(bits)) {
                continue;
            }
            br |= coding.equals("br");
            gzip |= coding.equals("gzip") || coding.equals("x-gzip");
        }
        return br ? "br" : gzip ? "gzip" : "identity";
    }

    /**
     * {@link #normalizeAcceptEncoding} for a header without parameters (so without q-values), as browsers send it:
     * the same answer, found without splitting or lower-casing.
     */
    private static String listedCoding(String header) {
        boolean gzip = false;
        int n = header.length();
        int start = 0;
        while (start <= n) {
            int comma = header.indexOf(',', start);
            int end = comma < 0 ? n : comma;
            int from = start;
            int to = end;
            while (from < to && header.charAt(from) <= ' ') { // as String.trim
                from++;
            }
            while (to > from && header.charAt(to - 1) <= ' ') {
                to--;
            }
            if (isCoding(header, from, to, "br")) {
                return "br";
            }
            gzip |= isCoding(header, from, to, "gzip") || isCoding(header, from, to, "x-gzip");
            start = end + 1;
        }
        return gzip ? "gzip" : "identity";
    }

    /**
     * Whether {@code header[from, to)} is {@code coding} (lower-case ASCII) in any case. ASCII folding only, as
     * {@code toLowerCase(Locale.ROOT)} would compare: no other character lower-cases to a letter of a coding name.
     */
    private static boolean isCoding(String header, int from, int to, String coding) {
        if (to - from != coding.length()) {
            return false;
        }
        for (int i = 0; i < coding.length(); i++) {
            char c = header.charAt(from + i);
            if ((c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) != coding.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Reduces Accept-Language to the first configured language the client lists, else the first configured. */
    public static String normalizeLanguage(String header, List<String> languages) {
        if (header != null) {
            for (String part : header.split(",")) {
                String[] bits = part.trim().split(";");
                if (zeroQuality(bits)) {
                    continue;
                }
                String tag = bits[0].trim().toLowerCase(Locale.ROOT);
                for (String lang : languages) {
                    String l = lang.toLowerCase(Locale.ROOT);
                    if (tag.equals(l) || tag.startsWith(l + "-") || l.startsWith(tag + "-")) {
                        return lang;
                    }
                }
            }
        }
        return languages.get(0);
    }

    private static boolean zeroQuality(String[] bits) {
        for (int i = 1; i < bits.length; i++) {
            String p = bits[i].trim();
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2)) <= 0;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }

    private static String headerValue(HttpHeaders request, String name) {
        List<String> values = request.getAll(name);
        return values.isEmpty() ? "" : String.join(",", values).trim();
    }
}
