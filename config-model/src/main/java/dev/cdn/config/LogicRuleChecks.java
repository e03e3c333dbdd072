package dev.cdn.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks one {@link LogicRule}: its match, each action, and actions that contradict each other. */
final class LogicRuleChecks {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
    private static final List<String> PLACEHOLDERS = List.of("scheme", "host", "path", "query", "uri");
    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:\\d{1,5})?");
    static final int MAX_LOCATION = 2048;
    static final int MAX_AGE = 86_400;

    private LogicRuleChecks() {
    }

    static void validate(LogicRule r, String at, List<String> domains, List<Violation> out) {
        if (!Names.isIdentifier(r.name())) {
            out.add(new Violation(at + ".name", Names.IDENTIFIER_RULE));
        }
        int before = out.size();
        LogicMatchChecks.validate(r.match(), at + ".match", out);
        boolean matchValid = out.size() == before;
        FieldChecks.headerActions(r.requestHeaders(), at + ".requestHeaders", FieldChecks.MANAGED_REQUEST, out);
        FieldChecks.headerActions(r.responseHeaders(), at + ".responseHeaders", FieldChecks.MANAGED_RESPONSE, out);
        if (r.redirect() != null) {
            redirect(r, at + ".redirect", domains, matchValid, out);
        }
        if (r.respond() != null) {
            respond(r.respond(), at + ".respond", out);
        }
        if (r.originPath() != null) {
            PathRewrite p = r.originPath();
            if (!FieldChecks.isVisibleAscii(p.fromPrefix(), 256) || !p.fromPrefix().startsWith("/")) {
                out.add(new Violation(at + ".originPath.fromPrefix", "must start with '/' and hold visible ASCII"));
            }
            if (!FieldChecks.isVisibleAscii(p.toPrefix(), 256) || !p.toPrefix().startsWith("/")
                    || p.toPrefix().contains("?")) {
                out.add(new Violation(at + ".originPath.toPrefix", "must start with '/' and hold visible ASCII, no '?'"));
            }
        }
        if (r.cors() != null) {
            cors(r.cors(), at + ".cors", out);
        }
        if (r.browserCacheControl() != null) {
            String v = r.browserCacheControl();
            String problem = FieldChecks.valueProblem(v);
            if (problem == null && (v.isBlank() || v.length() > 256)) {
                problem = "must be 1-256 characters";
            }
            if (problem != null) {
                out.add(new Violation(at + ".browserCacheControl", problem));
            }
        }
        conflicts(r, at, out);
    }

    /** Actions that cannot all happen: two answers, or origin changes on a request that never reaches the origin. */
    private static void conflicts(LogicRule r, String at, List<Violation> out) {
        if (r.redirect() != null && r.respond() != null) {
            out.add(new Violation(at + ".respond", "conflicts with redirect: a rule answers one way; split it in two"));
        }
        if (r.terminal()) {
            if (r.originPath() != null) {
                out.add(new Violation(at + ".originPath", "never applies: this rule answers without asking the origin"));
            }
            if (!r.requestHeaders().isEmpty()) {
                out.add(new Violation(at + ".requestHeaders", "never apply: this rule answers without asking the origin"));
            }
        }
        for (int i = 0; i < r.responseHeaders().size(); i++) {
            HeaderAction a = r.responseHeaders().get(i);
            String n = a == null || a.name() == null ? "" : a.name().toLowerCase(Locale.ROOT);
            if (r.browserCacheControl() != null && n.equals("cache-control")) {
                out.add(new Violation(at + ".responseHeaders[" + i + "].name",
                        "conflicts with browserCacheControl, which sets Cache-Control"));
            }
            if (r.cors() != null && n.startsWith("access-control-")) {
                out.add(new Violation(at + ".responseHeaders[" + i + "].name",
                        "conflicts with cors, which sets the Access-Control-* fields"));
            }
        }
    }

    private static void redirect(LogicRule rule, String at, List<String> domains, boolean matchValid,
                                 List<Violation> out) {
        Redirect r = rule.redirect();
        if (r.status() != 301 && r.status() != 302 && r.status() != 307 && r.status() != 308) {
            out.add(new Violation(at + ".status", "must be 301, 302, 307 or 308"));
        }
        String loc = r.location();
        if (!FieldChecks.isVisibleAscii(loc, MAX_LOCATION)) {
            out.add(new Violation(at + ".location", "must be 1-" + MAX_LOCATION + " visible ASCII characters (no"
                    + " spaces, CR, LF or other controls)"));
            return;
        }
        boolean absolute = loc.startsWith("http://") || loc.startsWith("https://") || loc.startsWith("{scheme}://");
        if (!absolute && (!loc.startsWith("/") || loc.startsWith("//"))) {
            out.add(new Violation(at + ".location", "must be an absolute URL (http://, https://, {scheme}://) or a"
                    + " path starting with a single '/'"));
            return;
        }
        Matcher m = PLACEHOLDER.matcher(loc);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                out.add(new Violation(at + ".location", "'{" + m.group(1) + "}' is not a placeholder; use {scheme},"
                        + " {host}, {path}, {query} or {uri}"));
                return;
            }
        }
        if (matchValid && RedirectLoops.loops(rule, domains)) {
            out.add(new Violation(at + ".location", "redirects to a URL this rule matches again, so clients would loop;"
                    + " narrow the match (e.g. schemes: [http] for an https redirect) or change the target"));
        }
    }

    private static void respond(SyntheticResponse s, String at, List<Violation> out) {
        if (s.status() < 200 || s.status() > 599) {
            out.add(new Violation(at + ".status", "must be between 200 and 599"));
        }
        boolean bodyless = s.status() == 204 || s.status() == 304;
        if (bodyless && s.body() != null && !s.body().isEmpty()) {
            out.add(new Violation(at + ".body", "must be empty: a " + s.status() + " has no content (RFC 9110 15)"));
        }
        if (s.body() != null && s.body().length() > SyntheticResponse.MAX_BODY) {
            out.add(new Violation(at + ".body", "must be at most " + SyntheticResponse.MAX_BODY + " characters"));
        }
        if (s.contentType() != null) {
            String problem = FieldChecks.valueProblem(s.contentType());
            if (problem == null && (s.contentType().isBlank() || s.contentType().length() > 256)) {
                problem = "must be 1-256 characters";
            }
            if (problem != null) {
                out.add(new Violation(at + ".contentType", problem));
            }
        }
    }

    private static void cors(Cors c, String at, List<Violation> out) {
        if (c.allowOrigins().isEmpty()) {
            out.add(new Violation(at + ".allowOrigins", "at least one origin (or *) is required"));
        }
        for (int i = 0; i < c.allowOrigins().size(); i++) {
            String o = c.allowOrigins().get(i);
            if ("*".equals(o)) {
                if (c.allowCredentials()) {
                    // Fetch Standard, CORS check: a credentialed response may not allow the origin "*".
                    out.add(new Violation(at + ".allowOrigins[" + i + "]", "'*' cannot be used with allowCredentials;"
                            + " list the origins"));
                }
            } else if (o == null || !ORIGIN.matcher(o).matches()) {
                out.add(new Violation(at + ".allowOrigins[" + i + "]", "'" + FieldChecks.printable(o)
                        + "' is not an origin such as https://app.example or *"));
            }
        }
        FieldChecks.methods(c.allowMethods(), at + ".allowMethods", out);
        FieldChecks.tokens(c.allowHeaders(), at + ".allowHeaders", "header name", out);
        FieldChecks.tokens(c.exposeHeaders(), at + ".exposeHeaders", "header name", out);
        if (c.maxAgeSeconds() != null && (c.maxAgeSeconds() < 0 || c.maxAgeSeconds() > MAX_AGE)) {
            out.add(new Violation(at + ".maxAgeSeconds", "must be between 0 and " + MAX_AGE));
        }
    }
}
