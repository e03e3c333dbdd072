package dev.cdn.api.cert;

import java.util.List;
import java.util.Locale;

/**
 * Which of a service's verified domains a certificate can serve (RFC 6125 6.4.3): an exact DNS name, or a
 * {@code *.} wildcard that covers exactly one more label. A verified wildcard claim ({@code *.a.example}) is covered
 * only by the same wildcard: a certificate for one name under it does not serve every name of the claim.
 */
final class NameCoverage {

    private NameCoverage() {
    }

    static boolean covers(String certificateName, String domain) {
        String c = certificateName.toLowerCase(Locale.ROOT);
        String d = domain.toLowerCase(Locale.ROOT);
        if (c.equals(d)) {
            return true;
        }
        if (!c.startsWith("*.") || d.startsWith("*.")) {
            return false;
        }
        int dot = d.indexOf('.');
        return dot > 0 && d.substring(dot + 1).equals(c.substring(2));
    }

    /** The domains, in their order, that some name of the certificate covers. */
    static List<String> covered(List<String> certificateNames, List<String> domains) {
        return domains.stream().filter(d -> certificateNames.stream().anyMatch(c -> covers(c, d))).toList();
    }
}
