package dev.cdn.config;

/**
 * Which host names a domain claim covers, the rule behind ownership across tenants. An exact name covers itself;
 * a wildcard {@code *.a.example} covers its whole subtree: its apex {@code a.example}, every name below it and
 * every narrower wildcard such as {@code *.deep.a.example}. Two claims of different tenants may not overlap, so
 * whoever holds {@code *.a.example} owns {@code www.a.example} too, however specific another tenant's claim is.
 * Pure functions on normalized names (see {@link HostNames#normalize}).
 */
public final class DomainScope {

    private DomainScope() {
    }

    /** True when {@code claim} covers {@code name} (each an exact name or a {@code *.} wildcard). */
    public static boolean covers(String claim, String name) {
        if (claim.equals(name)) {
            return true;
        }
        if (!isWildcard(claim)) {
            return false;
        }
        String apex = base(claim);
        String other = base(name);
        return other.equals(apex) || other.endsWith("." + apex);
    }

    /** True when either claim covers the other: two tenants may not hold such a pair. */
    public static boolean overlap(String a, String b) {
        return covers(a, b) || covers(b, a);
    }

    public static boolean isWildcard(String domain) {
        return domain.startsWith("*.");
    }

    /** The name without its wildcard label: {@code *.a.example} and {@code a.example} both give {@code a.example}. */
    public static String base(String domain) {
        return isWildcard(domain) ? domain.substring(2) : domain;
    }
}
