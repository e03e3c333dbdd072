package dev.cdn.config.topology;

import dev.cdn.config.ServiceSettings;
import dev.cdn.config.Violation;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a {@link Topology} for consistency before it is stored or applied, as a pure function: every problem is
 * reported with its field path ({@code regions[1].shields[0].url}), so the API's problem body and an edge's NACK
 * name the same place. The rules are those of the {@code --shields} flag, plus what a document can say that the
 * flag cannot (shield names, PoPs).
 */
public final class TopologyValidator {

    /** Bounds that keep a document one operator can read, and one event every node can hold. */
    public static final int MAX_REGIONS = 64;
    public static final int MAX_SHIELDS_PER_REGION = 64;
    public static final int MAX_POPS_PER_REGION = 256;
    public static final int MAX_URL = 2048;

    private TopologyValidator() {
    }

    public static List<Violation> validate(Topology topology) {
        List<Violation> out = new ArrayList<>();
        if (topology == null) {
            out.add(new Violation("$", "is required"));
            return out;
        }
        if (topology.version() < 0) {
            out.add(new Violation("version", "must not be negative"));
        }
        List<Topology.Region> regions = topology.regions();
        if (regions.size() > MAX_REGIONS) {
            out.add(new Violation("regions", "must list at most " + MAX_REGIONS + " regions"));
            return out;
        }
        Map<String, String> regionNames = new HashMap<>();
        Map<String, String> shieldNames = new HashMap<>();
        Map<String, String> shieldUrls = new HashMap<>();
        Map<String, String> pops = new HashMap<>();
        for (int i = 0; i < regions.size(); i++) {
            String at = "regions[" + i + "]";
            Topology.Region region = regions.get(i);
            if (region == null) {
                out.add(new Violation(at, "is required"));
                continue;
            }
            if (region.name() == null || !ServiceSettings.REGION.matcher(region.name()).matches()) {
                out.add(new Violation(at + ".name", "must be 1-63 lowercase letters, digits or '-', starting with a "
                        + "letter or digit"));
            } else if (regionNames.putIfAbsent(region.name(), at) != null) {
                out.add(new Violation(at + ".name", "region '" + region.name() + "' is already listed at "
                        + regionNames.get(region.name())));
            }
            if (region.shields().isEmpty()) {
                out.add(new Violation(at + ".shields", "must list at least one shield"));
            } else if (region.shields().size() > MAX_SHIELDS_PER_REGION) {
                out.add(new Violation(at + ".shields", "must list at most " + MAX_SHIELDS_PER_REGION + " shields"));
            }
            for (int s = 0; s < region.shields().size() && s < MAX_SHIELDS_PER_REGION; s++) {
                shield(region.shields().get(s), at + ".shields[" + s + "]", shieldNames, shieldUrls, out);
            }
            if (region.pops().size() > MAX_POPS_PER_REGION) {
                out.add(new Violation(at + ".pops", "must list at most " + MAX_POPS_PER_REGION + " PoPs"));
                continue;
            }
            for (int p = 0; p < region.pops().size(); p++) {
                String pop = region.pops().get(p);
                String field = at + ".pops[" + p + "]";
                if (!isPopName(pop)) {
                    out.add(new Violation(field, "must be 1-64 visible ASCII characters (the edges' --pop name)"));
                } else if (pops.putIfAbsent(pop, field) != null) {
                    out.add(new Violation(field, "PoP '" + pop + "' is already listed at " + pops.get(pop)
                            + ": a PoP belongs to one region at most"));
                }
            }
        }
        return out;
    }

    /** The rule of the edges' {@code --pop} flag. */
    public static boolean isPopName(String pop) {
        return pop != null && !pop.isEmpty() && pop.length() <= 64 && pop.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    }

    private static void shield(Topology.Shield shield, String at, Map<String, String> names, Map<String, String> urls,
                               List<Violation> out) {
        if (shield == null) {
            out.add(new Violation(at, "is required"));
            return;
        }
        if (!isPopName(shield.name())) {
            out.add(new Violation(at + ".name", "must be 1-64 visible ASCII characters"));
        } else if (names.putIfAbsent(shield.name(), at) != null) {
            out.add(new Violation(at + ".name", "shield '" + shield.name() + "' is already listed at "
                    + names.get(shield.name())));
        }
        String problem = urlProblem(shield.url());
        if (problem != null) {
            out.add(new Violation(at + ".url", problem));
        } else if (urls.putIfAbsent(shield.url(), at) != null) {
            out.add(new Violation(at + ".url", "shield URL is already listed at " + urls.get(shield.url())));
        }
    }

    /** Null when {@code url} is an http or https URL with a host, else why not. */
    static String urlProblem(String url) {
        if (url == null || url.isBlank()) {
            return "is required";
        }
        if (url.length() > MAX_URL) {
            return "must be at most " + MAX_URL + " characters";
        }
        URI u;
        try {
            u = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return "must be an http or https URL with a host";
        }
        if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null
                || u.getHost().isEmpty() || u.getUserInfo() != null || u.getQuery() != null || u.getFragment() != null) {
            return "must be an http or https URL with a host (no user, query or fragment)";
        }
        return null;
    }
}
