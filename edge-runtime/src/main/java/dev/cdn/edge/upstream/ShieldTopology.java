package dev.cdn.edge.upstream;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The shield tier as an edge knows it: regions, in the order other regions are tried, each with its shields. A
 * static, immutable value read from flags ({@code --shields}, or {@code --shield} as a one-shield region). A shield's
 * name is the authority of its URL ({@code host:port}): unique over the whole topology, it names the shield in
 * metrics, logs and the route header.
 */
public record ShieldTopology(Map<String, List<Shield>> regions) {

    /** One shield: its name and the base URL misses are sent to. */
    public record Shield(String name, String region, URI url) {
    }

    public static final ShieldTopology NONE = new ShieldTopology(Map.of());

    /** Region names as service settings accept them (the API validates the same). */
    public static final Pattern REGION = dev.cdn.config.ServiceSettings.REGION;

    public ShieldTopology {
        Map<String, List<Shield>> copy = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        regions.forEach((region, shields) -> {
            if (shields.isEmpty()) {
                throw new IllegalArgumentException("shield region '" + region + "' has no shields");
            }
            for (Shield s : shields) {
                if (!names.add(s.name())) {
                    throw new IllegalArgumentException("shield " + s.name() + " is listed twice");
                }
            }
            copy.put(region, List.copyOf(shields));
        });
        regions = java.util.Collections.unmodifiableMap(copy);
    }

    /** A topology of one region holding the one shield at {@code url} (the {@code --shield URL} flag). */
    public static ShieldTopology single(String region, URI url) {
        return new ShieldTopology(Map.of(region, List.of(shield(region, url))));
    }

    /**
     * Parses {@code region=url,url;region2=url}: regions separated by {@code ;}, shields by {@code ,}. Each URL is
     * http or https with a host; the message names what is wrong.
     */
    public static ShieldTopology parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("--shields must list at least one region, as region=url,url;region2=url");
        }
        Map<String, List<Shield>> regions = new LinkedHashMap<>();
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("--shields: '" + part.trim() + "' is not region=url[,url...]");
            }
            String region = part.substring(0, eq).trim();
            if (!REGION.matcher(region).matches()) {
                throw new IllegalArgumentException("--shields: region '" + region
                        + "' must be 1-63 lowercase letters, digits or '-'");
            }
            if (regions.containsKey(region)) {
                throw new IllegalArgumentException("--shields: region '" + region + "' is listed twice");
            }
            List<Shield> shields = new ArrayList<>();
            for (String u : part.substring(eq + 1).split(",")) {
                if (!u.isBlank()) {
                    shields.add(shield(region, url(u.trim())));
                }
            }
            regions.put(region, shields);
        }
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("--shields must list at least one region, as region=url,url;region2=url");
        }
        return new ShieldTopology(regions);
    }

    public boolean isEmpty() {
        return regions.isEmpty();
    }

    /** Every shield, region by region. */
    public List<Shield> all() {
        return regions.values().stream().flatMap(List::stream).toList();
    }

    private static Shield shield(String region, URI url) {
        int port = url.getPort() > 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
        // URI keeps an IPv6 literal's brackets in getHost(), as an authority needs them.
        return new Shield(url.getHost() + ":" + port, region, url);
    }

    private static URI url(String text) {
        URI u;
        try {
            u = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--shields: '" + text + "' is not a URL");
        }
        if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
            throw new IllegalArgumentException("--shields: '" + text + "' must be an http or https URL with a host");
        }
        return u;
    }
}
