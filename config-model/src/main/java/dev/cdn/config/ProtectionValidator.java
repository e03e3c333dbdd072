package dev.cdn.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a service's {@link Protection}; each violation names its field under {@code protection}. */
final class ProtectionValidator {

    /** A query parameter name that needs no percent-encoding: what a signer can put in a URL as is. */
    private static final Pattern PARAMETER = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    /** RFC 6265 section 4.1.1: a cookie name is an RFC 9110 token, as a header name is (RFC 9110 section 5.1). */
    private static final Pattern COOKIE = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    /** ISO 3166-1 alpha-2, as the JDK knows it. */
    private static final Set<String> COUNTRIES = Set.of(java.util.Locale.getISOCountries());
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private ProtectionValidator() {
    }

    static void validate(Protection protection, ServiceConfig service, List<Violation> out) {
        if (protection.signedUrls() != null) {
            signedUrls(protection.signedUrls(), "protection.signedUrls", out);
        }
        rateLimits(protection.rateLimits(), "protection.rateLimits", out);
        if (protection.access() != null) {
            AccessLists a = protection.access();
            addresses(a.allowAddresses(), "protection.access.allowAddresses", out);
            addresses(a.denyAddresses(), "protection.access.denyAddresses", out);
            countries(a.allowCountries(), "protection.access.allowCountries", out);
            countries(a.denyCountries(), "protection.access.denyCountries", out);
        }
        if (protection.filters() != null) {
            filters(protection.filters(), "protection.filters", out);
        }
    }

    private static void filters(RequestFilters f, String at, List<Violation> out) {
        if (f.maxBodyBytes() != null && (f.maxBodyBytes() < 0 || f.maxBodyBytes() > RequestFilters.MAX_BODY_LIMIT)) {
            out.add(new Violation(at + ".maxBodyBytes", "must be between 0 and " + RequestFilters.MAX_BODY_LIMIT));
        }
        if (f.maxUrlBytes() != null && (f.maxUrlBytes() < 16 || f.maxUrlBytes() > RequestFilters.MAX_URL_LIMIT)) {
            out.add(new Violation(at + ".maxUrlBytes", "must be between 16 and " + RequestFilters.MAX_URL_LIMIT));
        }
        Set<String> methods = new HashSet<>();
        for (int i = 0; i < f.methods().size(); i++) {
            String m = f.methods().get(i);
            if (m == null || !m.matches("[A-Z]{1,16}")) {
                out.add(new Violation(at + ".methods[" + i + "]", "'" + m + "' is not an upper-case method"));
            } else if (!methods.add(m)) {
                out.add(new Violation(at + ".methods[" + i + "]", "duplicate method '" + m + "'"));
            }
        }
        globs(f.paths(), at + ".paths", out);
    }

    private static void addresses(List<String> blocks, String at, List<Violation> out) {
        if (blocks.size() > AccessLists.MAX_ADDRESSES) {
            out.add(new Violation(at, "at most " + AccessLists.MAX_ADDRESSES + " entries"));
            return;
        }
        for (int i = 0; i < blocks.size(); i++) {
            String problem = Cidr.problem(blocks.get(i));
            if (problem != null) {
                out.add(new Violation(at + "[" + i + "]", problem));
            }
        }
    }

    private static void countries(List<String> codes, String at, List<Violation> out) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < codes.size(); i++) {
            String c = codes.get(i);
            if (c == null || !COUNTRIES.contains(c)) {
                out.add(new Violation(at + "[" + i + "]", "'" + c + "' is not an ISO 3166-1 alpha-2 country code"
                        + " (two upper-case letters, such as DE or US)"));
            } else if (!seen.add(c)) {
                out.add(new Violation(at + "[" + i + "]", "duplicate country '" + c + "'"));
            }
        }
    }

    private static void rateLimits(List<RateLimit> limits, String at, List<Violation> out) {
        if (limits.size() > RateLimit.MAX_LIMITS) {
            out.add(new Violation(at, "at most " + RateLimit.MAX_LIMITS + " rate limits per service"));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < limits.size(); i++) {
            RateLimit r = limits.get(i);
            String here = at + "[" + i + "]";
            if (r == null) {
                out.add(new Violation(here, "must not be null"));
                continue;
            }
            if (!Names.isIdentifier(r.name())) {
                out.add(new Violation(here + ".name", Names.IDENTIFIER_RULE));
            } else if (!names.add(r.name())) {
                out.add(new Violation(here + ".name", "duplicate rate limit name '" + r.name() + "'"));
            }
            globs(r.paths(), here + ".paths", out);
            if (r.by() == RateLimitKey.HEADER && (r.header() == null || !COOKIE.matcher(r.header()).matches())) {
                out.add(new Violation(here + ".header", "'" + r.header() + "' is not a header name (an RFC 9110"
                        + " token of at most 64 characters); it is required when by is header"));
            } else if (r.by() == RateLimitKey.ADDRESS && r.header() != null) {
                out.add(new Violation(here + ".header", "is only used when by is header"));
            }
            if (r.requestsPerSecond() < 1 || r.requestsPerSecond() > RateLimit.MAX_RATE) {
                out.add(new Violation(here + ".requestsPerSecond", "must be between 1 and " + RateLimit.MAX_RATE));
            }
            if (r.burst() < 1 || r.burst() > RateLimit.MAX_BURST) {
                out.add(new Violation(here + ".burst", "must be between 1 and " + RateLimit.MAX_BURST));
            }
        }
    }

    private static void signedUrls(SignedUrls s, String at, List<Violation> out) {
        if (!PARAMETER.matcher(s.parameter()).matches()) {
            out.add(new Violation(at + ".parameter", "'" + s.parameter()
                    + "' is not a parameter name: 1-64 letters, digits, '.', '_' or '-'"));
        }
        if (s.cookie() != null && !COOKIE.matcher(s.cookie()).matches()) {
            out.add(new Violation(at + ".cookie", "'" + s.cookie() + "' is not a cookie name (an RFC 6265 token of"
                    + " at most 64 characters)"));
        }
        globs(s.paths(), at + ".paths", out);
        if (s.keys().isEmpty()) {
            out.add(new Violation(at + ".keys", "at least one key is required"));
        } else if (s.keys().size() > SignedUrls.MAX_KEYS) {
            out.add(new Violation(at + ".keys", "at most " + SignedUrls.MAX_KEYS
                    + " keys may be active (the current one and the one being rotated)"));
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < s.keys().size(); i++) {
            SigningKey k = s.keys().get(i);
            String key = at + ".keys[" + i + "]";
            if (k == null) {
                out.add(new Violation(key, "must not be null"));
                continue;
            }
            if (k.id() == null || !KEY_ID.matcher(k.id()).matches()) {
                out.add(new Violation(key + ".id", "must be 1-32 letters, digits, '_' or '-'"));
            } else if (!ids.add(k.id())) {
                out.add(new Violation(key + ".id", "duplicate key id '" + k.id() + "'"));
            }
            // Never quote the secret back: messages reach logs and API answers.
            if (k.secret() == null || k.secret().isBlank()) {
                out.add(new Violation(key + ".secret", "is required"));
            } else {
                byte[] bytes = SigningKey.bytes(k.secret());
                if (bytes == null) {
                    out.add(new Violation(key + ".secret", "is not base64url (RFC 4648 section 5)"));
                } else if (bytes.length < SigningKey.MIN_BYTES || bytes.length > SigningKey.MAX_BYTES) {
                    out.add(new Violation(key + ".secret", "must encode " + SigningKey.MIN_BYTES + " to "
                            + SigningKey.MAX_BYTES + " bytes; it encodes " + bytes.length));
                }
            }
        }
    }

    static void globs(List<String> globs, String at, List<Violation> out) {
        for (int i = 0; i < globs.size(); i++) {
            String g = globs.get(i);
            if (g == null || !g.startsWith("/") && !g.startsWith("*")) {
                out.add(new Violation(at + "[" + i + "]", "must start with '/' or '*'"));
                continue;
            }
            String problem = ConfigValidator.globProblem(g);
            if (problem != null) {
                out.add(new Violation(at + "[" + i + "]", problem));
            }
        }
    }
}
