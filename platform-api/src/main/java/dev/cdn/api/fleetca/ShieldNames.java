package dev.cdn.api.fleetca;

import dev.cdn.api.error.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names a shield may have in its fleet certificate: DNS names (RFC 1123 host names, no wildcard: RFC 6125 6.4.3
 * wildcards would cover names the shield does not own) and IP address literals, at most {@link #MAX_NAMES}, and
 * never a name a tenant claims or one under the platform's public zones. The CA is trusted only on the edge→shield
 * hop, so a shield certificate could not impersonate a tenant site to browsers anyway; refusing those names keeps
 * it from doing so even to a misconfigured edge. Pure functions.
 */
final class ShieldNames {

    static final int MAX_NAMES = 8;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]+");

    /** Why a name is refused: each becomes the message of a problem naming {@code names[i]}. */
    enum Refusal {
        WILDCARD("must not be a wildcard: a shield certificate names the shield's own addresses"),
        NOT_A_NAME("must be a DNS host name or an IP address"),
        DUPLICATE("is listed twice"),
        TENANT_DOMAIN("is a tenant's domain: a shield certificate never names a tenant site"),
        PLATFORM_ZONE("is under the platform's public zone: a shield certificate never names a public host");

        final String message;

        Refusal(String message) {
            this.message = message;
        }
    }

    /** A checked name: lower-case DNS name, or an IP literal in its canonical form. */
    record Name(String value, boolean ip) {
    }

    private ShieldNames() {
    }

    /**
     * The names in their own terms, index by index (null where a name is refused), with the problems of those that
     * are not names at all added to {@code errors}. No lookups.
     */
    static List<Name> parse(List<String> names, List<FieldError> errors) {
        List<Name> out = new ArrayList<>();
        if (names == null || names.isEmpty()) {
            errors.add(new FieldError("names", "must list at least one name"));
            return out;
        }
        if (names.size() > MAX_NAMES) {
            errors.add(new FieldError("names", "must list at most " + MAX_NAMES + " names, not " + names.size()));
            return out;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String raw = names.get(i);
            Name n = raw == null ? null : name(raw.trim().toLowerCase(Locale.ROOT));
            Refusal r = raw != null && raw.contains("*") ? Refusal.WILDCARD
                    : n == null ? Refusal.NOT_A_NAME
                    : !seen.add(n.value()) ? Refusal.DUPLICATE : null;
            if (r != null) {
                errors.add(new FieldError("names[" + i + "]", "'" + raw + "' " + r.message));
                n = null;
            }
            out.add(n);
        }
        return out;
    }

    /**
     * The refusal of a parsed DNS name, or null: a name equal to a tenant's claimed domain or covered by a tenant's
     * wildcard claim, or the zone itself or a name under it.
     */
    static Refusal refusal(Name name, Set<String> tenantDomains, List<String> publicZones) {
        if (name.ip()) {
            return null;
        }
        String v = name.value();
        int dot = v.indexOf('.');
        if (tenantDomains.contains(v) || dot > 0 && tenantDomains.contains("*." + v.substring(dot + 1))) {
            return Refusal.TENANT_DOMAIN;
        }
        for (String zone : publicZones) {
            String z = zone.toLowerCase(Locale.ROOT).replaceAll("^\\.+|\\.+$", "");
            if (!z.isEmpty() && (v.equals(z) || v.endsWith("." + z))) {
                return Refusal.PLATFORM_ZONE;
            }
        }
        return null;
    }

    /** The tenant-domain spellings that would refuse {@code name}: itself and the wildcard one label up. */
    static List<String> claimsCovering(Name name) {
        List<String> out = new ArrayList<>(List.of(name.value()));
        int dot = name.value().indexOf('.');
        if (dot > 0) {
            out.add("*." + name.value().substring(dot + 1));
        }
        return out;
    }

    private static Name name(String v) {
        if (IPV4.matcher(v).matches()) {
            for (String octet : v.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return null; // else InetAddress would take it for a host name and look it up
                }
            }
        }
        if (IPV4.matcher(v).matches() || v.indexOf(':') >= 0 && IPV6.matcher(v).matches()) {
            try {
                // A literal only: InetAddress parses it without any lookup.
                java.net.InetAddress a = java.net.InetAddress.getByName(v);
                return new Name(a.getHostAddress(), true);
            } catch (java.net.UnknownHostException e) {
                return null;
            }
        }
        String host = v.endsWith(".") ? v.substring(0, v.length() - 1) : v;
        if (host.isEmpty() || host.length() > 253) {
            return null;
        }
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return null;
            }
        }
        // All digits in the last label would read as an address to some resolvers (RFC 3696 2).
        return host.substring(host.lastIndexOf('.') + 1).matches("\\d+") ? null : new Name(host, false);
    }
}
