package dev.cdn.edge.logic;

import dev.cdn.config.HeaderAction;
import dev.cdn.config.LogicRule;
import dev.cdn.config.PathRewrite;
import dev.cdn.config.SyntheticResponse;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One request/response rule compiled once: its match, redirect template, synthetic body and CORS values. */
final class CompiledLogicRule {

    private final LogicRule rule;
    private final CompiledMatch match;
    private final RedirectTemplate redirect;
    private final Answer synthetic;
    private final CorsPolicy cors;
    /**
     * The rule changes what the origin is asked on a condition the URL does not show (a header, cookie, address,
     * country or method): the requests it acts on are cached apart from the others, so one client's rewritten
     * answer never reaches another.
     */
    private final boolean keyed;

    CompiledLogicRule(LogicRule r) {
        this.rule = r;
        this.match = new CompiledMatch(r.match());
        this.redirect = r.redirect() == null ? null : new RedirectTemplate(r.redirect().location());
        this.synthetic = r.respond() == null ? null : synthetic(r.name(), r.respond());
        this.cors = r.cors() == null ? null : new CorsPolicy(r.cors());
        this.keyed = r.match().beyondUrl() && (!r.requestHeaders().isEmpty() || r.originPath() != null);
    }

    private static Answer synthetic(String name, SyntheticResponse s) {
        byte[] body = s.body() == null ? new byte[0] : s.body().getBytes(StandardCharsets.UTF_8);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(new SimpleImmutableEntry<>("Content-Type",
                s.contentType() == null ? "text/plain; charset=utf-8" : s.contentType()));
        return new Answer(AnswerKind.SYNTHETIC, name, s.status(), List.copyOf(headers), body);
    }

    String name() {
        return rule.name();
    }

    boolean matches(LogicRequest r) {
        return match.matches(r);
    }

    boolean keyed() {
        return keyed;
    }

    List<HeaderAction> requestHeaders() {
        return rule.requestHeaders();
    }

    List<HeaderAction> responseHeaders() {
        return rule.responseHeaders();
    }

    PathRewrite originPath() {
        return rule.originPath();
    }

    String browserCacheControl() {
        return rule.browserCacheControl();
    }

    CorsPolicy cors() {
        return cors;
    }

    /** The rule's own answer to a request it matches, or null when it lets the request go on. */
    Answer answer(LogicRequest r) {
        if (redirect != null) {
            List<Map.Entry<String, String>> headers = List.of(
                    new SimpleImmutableEntry<>("Location", redirect.render(r)),
                    new SimpleImmutableEntry<>("Content-Type", "text/plain; charset=utf-8"));
            return new Answer(AnswerKind.REDIRECT, rule.name(), rule.redirect().status(), headers, new byte[0]);
        }
        if (synthetic != null) {
            return synthetic;
        }
        return cors != null ? cors.preflight(rule.name(), r) : null;
    }
}
