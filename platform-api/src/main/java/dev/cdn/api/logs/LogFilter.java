package dev.cdn.api.logs;

import dev.cdn.api.error.Validation;
import dev.cdn.api.ratelimit.Cidr;
import dev.cdn.config.AccessRecord;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which records a live stream (or a delivery) wants: any of the status classes or codes, any of the cache
 * outcomes, a path prefix, a client address or block. Criteria left out match everything; all given ones must hold.
 */
record LogFilter(List<Integer> statusClasses, List<Integer> statusCodes, Set<String> cacheStatuses, String pathPrefix,
                 Cidr client) {

    static final Set<String> CACHE_STATUSES = Set.of("HIT", "MISS", "EXPIRED", "STALE", "UPDATING", "REVALIDATED",
            "BYPASS", "ERROR");
    static final LogFilter ALL = new LogFilter(List.of(), List.of(), Set.of(), null, null);

    /**
     * Reads the query parameters {@code status} ({@code 5xx}, {@code 404}, comma-separated), {@code cache}
     * ({@code HIT,MISS}), {@code path} (a prefix starting with {@code /}) and {@code client} (an address or CIDR
     * block); a bad one is a 400 naming it.
     */
    static LogFilter parse(String status, String cache, String path, String client) {
        Validation v = new Validation();
        List<Integer> classes = new ArrayList<>();
        List<Integer> codes = new ArrayList<>();
        for (String s : split(status)) {
            if (s.matches("[1-5]xx")) {
                classes.add(s.charAt(0) - '0');
            } else if (s.matches("[1-5][0-9][0-9]")) {
                codes.add(Integer.parseInt(s));
            } else {
                v.add("status", "'" + s + "' is neither a status class (2xx..5xx) nor a status code");
            }
        }
        Set<String> statuses = new java.util.HashSet<>();
        for (String c : split(cache)) {
            String upper = c.toUpperCase(Locale.ROOT);
            if (CACHE_STATUSES.contains(upper)) {
                statuses.add(upper);
            } else {
                v.add("cache", "'" + c + "' is not a cache status; one of " + String.join(", ",
                        new java.util.TreeSet<>(CACHE_STATUSES)));
            }
        }
        String prefix = path == null || path.isEmpty() ? null : path;
        if (prefix != null) {
            v.require(prefix.startsWith("/") && prefix.length() <= 1024 && prefix.chars().allMatch(ch -> ch > ' ' && ch <= '~'),
                    "path", "must be a path prefix starting with '/' (visible ASCII, at most 1024 characters)");
        }
        Cidr block = null;
        if (client != null && !client.isBlank()) {
            try {
                block = Cidr.parse(client);
            } catch (IllegalArgumentException e) {
                v.add("client", "'" + client + "' is not an IP address or CIDR block");
            }
        }
        v.throwIfInvalid();
        return new LogFilter(List.copyOf(classes), List.copyOf(codes), Set.copyOf(statuses), prefix, block);
    }

    boolean matches(AccessRecord r) {
        if ((!statusClasses.isEmpty() || !statusCodes.isEmpty())
                && !statusClasses.contains(r.status() / 100) && !statusCodes.contains(r.status())) {
            return false;
        }
        if (!cacheStatuses.isEmpty() && !cacheStatuses.contains(r.cacheStatus())) {
            return false;
        }
        if (pathPrefix != null && !path(r.url()).startsWith(pathPrefix)) {
            return false;
        }
        return client == null || clientIn(r.client());
    }

    private boolean clientIn(String address) {
        // Records carry literal addresses: no lookup happens here.
        return address != null && dev.cdn.config.IpLiterals.parse(address).map(client::contains).orElse(false);
    }

    /** The path of an absolute URL ({@code scheme://authority/path?query}). */
    static String path(String url) {
        int authority = url.indexOf("://");
        int slash = url.indexOf('/', authority < 0 ? 0 : authority + 3);
        if (slash < 0) {
            return "/";
        }
        int q = url.indexOf('?', slash);
        return q < 0 ? url.substring(slash) : url.substring(slash, q);
    }

    private static List<String> split(String csv) {
        if (csv == null || csv.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** What the filter keeps, as the stream's first line says it. */
    java.util.Map<String, Object> describe() {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        List<String> status = new ArrayList<>();
        statusClasses.forEach(c -> status.add(c + "xx"));
        statusCodes.forEach(c -> status.add(String.valueOf(c)));
        if (!status.isEmpty()) {
            out.put("status", status);
        }
        if (!cacheStatuses.isEmpty()) {
            out.put("cache", new java.util.TreeSet<>(cacheStatuses));
        }
        if (pathPrefix != null) {
            out.put("path", pathPrefix);
        }
        if (client != null) {
            try {
                out.put("client", InetAddress.getByAddress(client.network()).getHostAddress() + "/" + client.prefix());
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
