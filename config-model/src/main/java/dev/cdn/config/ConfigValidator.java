package dev.cdn.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a configuration for consistency before anyone publishes or compiles it, and reports every problem at
 * once, each with the field it concerns. A config with no violations is safe for an edge to compile.
 */
public final class ConfigValidator {

    /** RFC 9110 token characters: what a header or cookie name may contain. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*");
    private static final Pattern EXTENSION = Pattern.compile("[A-Za-z0-9_+-]{1,16}");
    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");
    static final int MAX_TTL_SECONDS = 365 * 24 * 3600;

    private ConfigValidator() {
    }

    public static List<Violation> validate(EdgeConfig config) {
        List<Violation> out = new ArrayList<>();
        Map<String, String> domainOwner = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < config.services().size(); i++) {
            ServiceConfig service = config.services().get(i);
            String at = "services[" + i + "]";
            if (service == null) {
                out.add(new Violation(at, "must not be null"));
                continue;
            }
            for (Violation v : validate(service)) {
                out.add(new Violation(at + "." + v.field(), v.message()));
            }
            if (service.id() != null && !ids.add(service.id())) {
                out.add(new Violation(at + ".id", "duplicate service id '" + service.id() + "'"));
            }
            for (int d = 0; d < service.domains().size(); d++) {
                String domain = service.domains().get(d);
                if (domain == null) {
                    continue;
                }
                String previous = domainOwner.putIfAbsent(HostNames.normalize(domain), String.valueOf(service.id()));
                if (previous != null && !previous.equals(String.valueOf(service.id()))) {
                    out.add(new Violation(at + ".domains[" + d + "]",
                            "domain '" + domain + "' is already used by service '" + previous + "'"));
                }
            }
            for (int j = 0; j < i; j++) {
                String clash = tenantClash(config.services().get(j), service);
                if (clash != null) {
                    out.add(new Violation(at + ".domains", clash));
                }
            }
        }
        return out;
    }

    /**
     * Why {@code candidate} may not be served beside {@code served}: the two belong to different tenants and a
     * domain of one lies inside a wildcard of the other (see {@link DomainScope}); null when they may.
     */
    public static String tenantClash(ServiceConfig served, ServiceConfig candidate) {
        if (served == null || candidate == null || served.tenantId() == null
                || served.tenantId().equals(candidate.tenantId())) {
            return null;
        }
        for (String mine : candidate.domains()) {
            for (String theirs : served.domains()) {
                if (mine == null || theirs == null) {
                    continue;
                }
                String a = HostNames.normalize(mine);
                String b = HostNames.normalize(theirs);
                if (!a.equals(b) && DomainScope.overlap(a, b)) {
                    return "domain '" + mine + "' overlaps '" + theirs + "' of service '" + served.id()
                            + "', which belongs to another tenant";
                }
            }
        }
        return null;
    }

    public static List<Violation> validate(ServiceConfig s) {
        List<Violation> out = new ArrayList<>();
        if (s.id() == null || s.id().isBlank()) {
            out.add(new Violation("id", "is required"));
        } else if (!s.id().matches("[A-Za-z0-9_.-]{1,64}")) {
            out.add(new Violation("id", "must be 1-64 letters, digits, '.', '_' or '-'"));
        }
        if (s.version() < 1) {
            out.add(new Violation("version", "must be at least 1"));
        }
        if (s.name() != null) {
            String problem = Names.displayNameProblem(s.name(), Names.DISPLAY_MAX);
            if (problem != null) {
                out.add(new Violation("name", problem));
            }
        }
        validateDomains(s.domains(), out);
        validateOrigins(s.origins(), out);
        Set<String> pools = new HashSet<>();
        s.origins().forEach(o -> {
            if (o != null) {
                pools.add(o.pool());
            }
        });
        for (int i = 0; i < s.rules().size(); i++) {
            validateRule(s.rules().get(i), "rules[" + i + "]", pools, out);
        }
        validateShadowing(s.rules(), out);
        validateSettings(s.settings(), out);
        EdgeLogicValidator.validate(s.logic(), s, out);
        ProtectionValidator.validate(s.protection(), s, out);
        return out;
    }

    private static void validateDomains(List<String> domains, List<Violation> out) {
        if (domains.isEmpty()) {
            out.add(new Violation("domains", "at least one domain is required"));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < domains.size(); i++) {
            String d = domains.get(i);
            String at = "domains[" + i + "]";
            String problem = HostNames.domainProblem(d);
            if (problem != null) {
                out.add(new Violation(at, problem));
            } else if (!seen.add(HostNames.normalize(d))) {
                out.add(new Violation(at, "duplicate domain '" + d + "'"));
            }
        }
    }

    private static void validateOrigins(List<Origin> origins, List<Violation> out) {
        if (origins.isEmpty()) {
            out.add(new Violation("origins", "at least one origin is required"));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < origins.size(); i++) {
            Origin o = origins.get(i);
            String at = "origins[" + i + "]";
            if (o == null) {
                out.add(new Violation(at, "must not be null"));
                continue;
            }
            if (!Names.isIdentifier(o.name())) {
                out.add(new Violation(at + ".name", Names.IDENTIFIER_RULE));
            } else if (!names.add(o.name())) {
                out.add(new Violation(at + ".name", "duplicate origin name '" + o.name() + "'"));
            }
            if (!HostNames.isValidOriginHost(o.host())) {
                out.add(new Violation(at + ".host", "'" + o.host() + "' is not a valid host name or IP address"));
            }
            if (o.port() < 1 || o.port() > 65535) {
                out.add(new Violation(at + ".port", "must be between 1 and 65535"));
            }
            if (o.hostHeader() != null && !HostNames.isValidHostName(o.hostHeader().replaceFirst(":\\d+$", ""))) {
                out.add(new Violation(at + ".hostHeader", "'" + o.hostHeader() + "' is not a valid host name"));
            }
            if (o.weight() < 0 || o.weight() > 1000) {
                out.add(new Violation(at + ".weight", "must be between 0 and 1000"));
            }
            if (o.healthCheckPath() != null && !o.healthCheckPath().startsWith("/")) {
                out.add(new Violation(at + ".healthCheckPath", "must start with '/'"));
            } else if (o.healthCheckPath() != null && !isRequestTarget(o.healthCheckPath())) {
                // Sent on the request line: CR, LF or NUL there would split or smuggle requests (RFC 9112 2.2).
                out.add(new Violation(at + ".healthCheckPath", "must be at most 1024 visible ASCII characters, without"
                        + " spaces, CR, LF, NUL or other control characters"));
            }
            if (o.connectTimeoutMs() < 1 || o.connectTimeoutMs() > 120_000) {
                out.add(new Violation(at + ".connectTimeoutMs", "must be between 1 and 120000"));
            }
            if (o.readTimeoutMs() < 1 || o.readTimeoutMs() > 600_000) {
                out.add(new Violation(at + ".readTimeoutMs", "must be between 1 and 600000"));
            }
        }
    }

    private static void validateRule(CacheRule r, String at, Set<String> pools, List<Violation> out) {
        if (r == null) {
            out.add(new Violation(at, "must not be null"));
            return;
        }
        // Rules are addressed by name in the API's paths (.../rules/{name}), so a name is an identifier.
        if (!Names.isIdentifier(r.name())) {
            out.add(new Violation(at + ".name", Names.IDENTIFIER_RULE));
        }
        RuleMatch m = r.match();
        if (m.pathPrefix() != null && !m.pathPrefix().startsWith("/")) {
            out.add(new Violation(at + ".match.pathPrefix", "must start with '/'"));
        }
        if (m.glob() != null) {
            if (!m.glob().startsWith("/") && !m.glob().startsWith("*")) {
                out.add(new Violation(at + ".match.glob", "must start with '/' or '*'"));
            } else {
                String problem = globProblem(m.glob());
                if (problem != null) {
                    out.add(new Violation(at + ".match.glob", problem));
                }
            }
        }
        for (int i = 0; i < m.extensions().size(); i++) {
            String ext = m.extensions().get(i);
            if (ext == null || !EXTENSION.matcher(ext).matches()) {
                out.add(new Violation(at + ".match.extensions[" + i + "]",
                        "'" + ext + "' is not a file extension (1-16 letters or digits, no dot)"));
            }
        }
        for (int i = 0; i < m.methods().size(); i++) {
            String method = m.methods().get(i);
            if (method == null || !METHOD.matcher(method).matches()) {
                out.add(new Violation(at + ".match.methods[" + i + "]", "'" + method + "' is not an upper-case method"));
            }
        }
        ttl(r.edgeTtlSeconds(), at + ".edgeTtlSeconds", out);
        ttl(r.browserTtlSeconds(), at + ".browserTtlSeconds", out);
        ttl(r.staleWhileRevalidateSeconds(), at + ".staleWhileRevalidateSeconds", out);
        ttl(r.staleIfErrorSeconds(), at + ".staleIfErrorSeconds", out);
        r.statusTtls().forEach((status, seconds) -> {
            String field = at + ".statusTtls." + status;
            if (!status.matches("[1-5]\\d\\d")) {
                out.add(new Violation(field, "'" + status + "' is not an HTTP status code (100-599)"));
            }
            ttl(seconds, field, out);
        });
        if ((r.queryMode() == QueryMode.WHITELIST || r.queryMode() == QueryMode.BLACKLIST) && r.queryParams().isEmpty()) {
            out.add(new Violation(at + ".queryParams", "is required when queryMode is "
                    + r.queryMode().name().toLowerCase(Locale.ROOT)));
        }
        for (int i = 0; i < r.queryParams().size(); i++) {
            String p = r.queryParams().get(i);
            if (p == null || p.isBlank()) {
                out.add(new Violation(at + ".queryParams[" + i + "]", "must not be blank"));
            } else if (!isRequestTarget(p)) {
                out.add(new Violation(at + ".queryParams[" + i + "]", "must be visible ASCII characters, without spaces,"
                        + " CR, LF, NUL or other control characters"));
            } else if (PathGlob.isGlob(p)) {
                String problem = globProblem(p);
                if (problem != null) {
                    out.add(new Violation(at + ".queryParams[" + i + "]", problem));
                }
            }
        }
        tokens(r.varyHeaders(), at + ".varyHeaders", "header name", out);
        tokens(r.keyHeaders(), at + ".keyHeaders", "header name", out);
        tokens(r.keyCookies(), at + ".keyCookies", "cookie name", out);
        for (int i = 0; i < r.surrogateKeys().size(); i++) {
            String k = r.surrogateKeys().get(i);
            if (k == null || k.isBlank() || k.length() > 256 || k.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                out.add(new Violation(at + ".surrogateKeys[" + i + "]",
                        "must be 1-256 visible ASCII characters without spaces"));
            }
        }
        if (r.originPool() != null && !pools.isEmpty() && !pools.contains(r.originPool())) {
            out.add(new Violation(at + ".originPool", "no origin is in pool '" + r.originPool() + "'"));
        }
    }

    /**
     * A rule whose match is identical to an earlier rule's can never apply (the first match wins), which is
     * always a mistake; so is any rule after a catch-all rule.
     */
    private static void validateShadowing(List<CacheRule> rules, List<Violation> out) {
        for (int i = 0; i < rules.size(); i++) {
            CacheRule later = rules.get(i);
            if (later == null) {
                continue;
            }
            for (int j = 0; j < i; j++) {
                CacheRule earlier = rules.get(j);
                if (earlier == null) {
                    continue;
                }
                if (earlier.match().equals(RuleMatch.ANY) || earlier.match().equals(later.match())) {
                    out.add(new Violation("rules[" + i + "].match", "can never apply: rule '" + earlier.name()
                            + "' (rules[" + j + "]) matches every request this one does and comes first"));
                    break;
                }
            }
        }
    }

    private static void validateSettings(ServiceSettings s, List<Violation> out) {
        ttl(s.defaultTtlSeconds(), "settings.defaultTtlSeconds", out);
        if (s.secrets() != null) {
            out.addAll(s.secrets().check("settings.secrets."));
        }
        for (int i = 0; i < s.languages().size(); i++) {
            String lang = s.languages().get(i);
            if (lang == null || !LANGUAGE.matcher(lang).matches()) {
                out.add(new Violation("settings.languages[" + i + "]", "'" + lang + "' is not a language tag"));
            }
        }
        if (s.maxObjectBytes() < 0) {
            out.add(new Violation("settings.maxObjectBytes", "must not be negative"));
        }
        validateEsi(s.esi(), out);
        if (s.shieldRegion() != null && !ServiceSettings.REGION.matcher(s.shieldRegion()).matches()) {
            out.add(new Violation("settings.shieldRegion", "'" + s.shieldRegion()
                    + "' is not a region name: 1-63 lowercase letters, digits or '-', starting with a letter or digit"));
        }
        Double rate = s.logSampleRate();
        if (rate != null && !(rate >= 0 && rate <= 1)) {
            out.add(new Violation("settings.logSampleRate", "must be between 0 and 1 (the share of requests logged)"));
        }
    }

    private static void validateEsi(EsiSettings e, List<Violation> out) {
        range(e.maxIncludes(), 1, 256, "settings.esi.maxIncludes", out);
        range(e.maxDepth(), 1, 10, "settings.esi.maxDepth", out);
        range(e.maxFragmentBytes(), 1, 64L << 20, "settings.esi.maxFragmentBytes", out);
        range(e.includeTimeoutMs(), 1, 60_000, "settings.esi.includeTimeoutMs", out);
        range(e.totalTimeoutMs(), 1, 120_000, "settings.esi.totalTimeoutMs", out);
        for (int i = 0; i < e.allowedHosts().size(); i++) {
            String host = e.allowedHosts().get(i);
            if (host == null || !HostNames.isValidDomain(host)) {
                out.add(new Violation("settings.esi.allowedHosts[" + i + "]", "'" + host
                        + "' is not a host name (or *. wildcard)"));
            }
        }
        for (int i = 0; i < e.allowedPaths().size(); i++) {
            String path = e.allowedPaths().get(i);
            if (path == null || !path.startsWith("/") || !isRequestTarget(path)) {
                out.add(new Violation("settings.esi.allowedPaths[" + i + "]", "'" + path
                        + "' is not a path prefix starting with '/'"));
            }
        }
    }

    private static void range(Number value, long min, long max, String field, List<Violation> out) {
        if (value != null && (value.longValue() < min || value.longValue() > max)) {
            out.add(new Violation(field, "must be between " + min + " and " + max + ", was " + value));
        }
    }

    /** Visible ASCII only (RFC 9112 section 3.2's request-target has no spaces or controls), at most 1024. */
    private static boolean isRequestTarget(String text) {
        return text.length() <= 1024 && text.chars().allMatch(c -> c > ' ' && c <= '~');
    }

    /** Why a glob may not be used (too long, too many wildcards, not a glob), or null when it may. */
    static String globProblem(String glob) {
        if (glob.length() > PathGlob.MAX_LENGTH) {
            return "is " + glob.length() + " characters long; at most " + PathGlob.MAX_LENGTH + " are allowed";
        }
        try {
            int wildcards = PathGlob.compile(glob).wildcards();
            if (wildcards > PathGlob.MAX_WILDCARDS) {
                return "has " + wildcards + " wildcards ('*' or '**'); at most " + PathGlob.MAX_WILDCARDS
                        + " are allowed, which keeps matching each request cheap";
            }
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static void ttl(Integer seconds, String field, List<Violation> out) {
        if (seconds != null && (seconds < 0 || seconds > MAX_TTL_SECONDS)) {
            out.add(new Violation(field, "must be between 0 and " + MAX_TTL_SECONDS + " seconds"));
        }
    }

    private static void tokens(List<String> names, String field, String what, List<Violation> out) {
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (n == null || !TOKEN.matcher(n).matches()) {
                out.add(new Violation(field + "[" + i + "]", "'" + n + "' is not a valid " + what));
            }
        }
    }
}
