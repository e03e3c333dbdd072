package dev.cdn.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EdgeLogicValidatorTest {

    private static final List<Origin> ORIGINS = List.of(Origin.of("a", "a.test", 80),
            new Origin("b", "b.test", 80, false, null, null, "beta", null, null, null));

    private static ServiceConfig service(EdgeLogic logic) {
        return new ServiceConfig("s1", "t1", "s", 1, List.of("shop.localhost"), ORIGINS, List.of(), null, logic, null);
    }

    private static List<String> fields(EdgeLogic logic) {
        return ConfigValidator.validate(service(logic)).stream().map(Violation::field).toList();
    }

    private static List<Violation> violations(EdgeLogic logic) {
        return ConfigValidator.validate(service(logic));
    }

    private static EdgeLogic rules(LogicRule... rules) {
        return new EdgeLogic(List.of(), List.of(rules));
    }

    private static EdgeLogic experiments(Experiment... experiments) {
        return new EdgeLogic(List.of(experiments), List.of());
    }

    private static LogicRule rule(String name, LogicMatch match) {
        return new LogicRule(name, match, null, List.of(new HeaderAction(HeaderOp.SET, "X-Frame-Options", "DENY")),
                null, null, null, null, null);
    }

    private static LogicRule redirect(String name, LogicMatch match, int status, String location) {
        return new LogicRule(name, match, null, null, new Redirect(status, location), null, null, null, null);
    }

    private static Experiment experiment(String name, Variant... variants) {
        return new Experiment(name, null, Stickiness.COOKIE, null, null, List.of(variants), null);
    }

    private static Variant variant(String name, int weight) {
        return new Variant(name, weight, null, null, null);
    }

    @Test
    void validate_fullLogic_hasNoViolations() {
        EdgeLogic logic = new EdgeLogic(
                List.of(new Experiment("checkout", LogicMatch.path("/checkout/**"), Stickiness.ATTRIBUTE, null,
                        new RequestAttribute(AttributeSource.HEADER, "X-User-Id"),
                        List.of(new Variant("control", 90, null, null, null),
                                new Variant("new", 10, "beta", "/v2",
                                        List.of(new HeaderAction(HeaderOp.SET, "X-Variant", "new")))), null)),
                List.of(redirect("https", new LogicMatch(null, null, List.of("http"), null, null, null, null, null),
                                301, "https://{host}{uri}"),
                        redirect("old-blog", LogicMatch.path("/blog/**"), 308, "https://blog.example/{path}"),
                        new LogicRule("api", new LogicMatch("/api/**", List.of("GET"), null,
                                List.of(new FieldMatch("X-Client", FieldOp.REGEX, "^app-[0-9]+$")),
                                List.of(new FieldMatch("session", FieldOp.PRESENT, null)),
                                List.of(new FieldMatch("debug", FieldOp.EQUALS, "1")),
                                List.of("10.0.0.0/8", "2001:db8::/32"), List.of("DE", "FR")),
                                List.of(new HeaderAction(HeaderOp.REMOVE, "Cookie", null)),
                                List.of(new HeaderAction(HeaderOp.APPEND, "Vary", "Origin")), null,
                                new PathRewrite("/api/", "/v1/"), null,
                                new Cors(List.of("https://app.example"), List.of("GET", "PUT"), List.of("X-Token"),
                                        List.of("ETag"), 600, true),
                                "public, max-age=60"),
                        new LogicRule("maintenance", LogicMatch.path("/down"), null, null, null, null,
                                new SyntheticResponse(503, "text/html", "<h1>Back soon</h1>"), null, null)));
        assertThat(violations(logic)).isEmpty();
    }

    @Test
    void validate_weightsThatDoNotAddUpTo100_areRefused() {
        assertThat(violations(experiments(experiment("e", variant("a", 50), variant("b", 40)))))
                .extracting(Violation::field, Violation::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("logic.experiments[0].variants",
                        "the weights add up to 90; they must add up to 100"));
    }

    @Test
    void validate_duplicateExperimentVariantAndRuleNames_areRefused() {
        EdgeLogic logic = new EdgeLogic(
                List.of(experiment("e", variant("a", 50), variant("a", 50)), experiment("e", variant("x", 50),
                        variant("y", 50))),
                List.of(rule("r", LogicMatch.path("/a")), rule("r", LogicMatch.path("/b"))));
        assertThat(fields(logic)).containsExactlyInAnyOrder("logic.experiments[0].variants[1].name",
                "logic.experiments[1].name", "logic.rules[1].name");
    }

    @Test
    void validate_pinnedVariantThatDoesNotExist_andUnknownPool_areRefused() {
        Experiment e = new Experiment("e", null, null, null, null,
                List.of(variant("a", 50), new Variant("b", 50, "nowhere", null, null)), "c");
        assertThat(fields(experiments(e))).containsExactlyInAnyOrder("logic.experiments[0].variants[1].originPool",
                "logic.experiments[0].pinnedVariant");
    }

    @Test
    void validate_attributeStickinessWithoutAttribute_isRefused() {
        Experiment e = new Experiment("e", null, Stickiness.ATTRIBUTE, null, null,
                List.of(variant("a", 50), variant("b", 50)), null);
        assertThat(fields(experiments(e))).containsExactly("logic.experiments[0].attribute");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v\r\nSet-Cookie: x=1", "v\n", "v\u0000"})
    void validate_headerValueWithCrLfOrNul_isRefused(String value) {
        LogicRule r = new LogicRule("r", null, List.of(new HeaderAction(HeaderOp.SET, "X-A", value)), null, null,
                null, null, null, null);
        assertThat(violations(rules(r))).extracting(Violation::field, Violation::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("logic.rules[0].requestHeaders[0].value",
                        "must not contain CR, LF or NUL"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"X-A\r\nEvil", "X A", "", "X:A"})
    void validate_headerNameThatIsNotAToken_isRefused(String name) {
        LogicRule r = new LogicRule("r", null, null, List.of(new HeaderAction(HeaderOp.SET, name, "v")), null,
                null, null, null, null);
        assertThat(fields(rules(r))).containsExactly("logic.rules[0].responseHeaders[0].name");
    }

    @Test
    void validate_framingHeaders_cannotBeChanged() {
        LogicRule r = new LogicRule("r", null, List.of(new HeaderAction(HeaderOp.SET, "Host", "evil.example")),
                List.of(new HeaderAction(HeaderOp.REMOVE, "Content-Length", null)), null, null, null, null, null);
        assertThat(fields(rules(r))).containsExactlyInAnyOrder("logic.rules[0].requestHeaders[0].name",
                "logic.rules[0].responseHeaders[0].name");
    }

    @Test
    void validate_invalidGlobAndRegex_areRefusedWithTheField() {
        LogicMatch m = new LogicMatch("/a/**/**/**/**/**/**/**", null, null,
                List.of(new FieldMatch("X-A", FieldOp.REGEX, "([a-z]+")), null,
                List.of(new FieldMatch("q", FieldOp.REGEX, "(a+)+$")), List.of("10.0.0.0/33", "example.com"),
                List.of("de"));
        assertThat(fields(rules(rule("r", m)))).containsExactlyInAnyOrder("logic.rules[0].match.path",
                "logic.rules[0].match.headers[0].value", "logic.rules[0].match.query[0].value",
                "logic.rules[0].match.clientAddresses[0]", "logic.rules[0].match.clientAddresses[1]",
                "logic.rules[0].match.countries[0]");
    }

    @Test
    void validate_redirectToItsOwnMatch_isALoop() {
        LogicRule r = redirect("r", LogicMatch.path("/old/**"), 301, "/old/new-place");
        assertThat(violations(rules(r))).extracting(Violation::field).containsExactly("logic.rules[0].redirect.location");
    }

    @Test
    void validate_httpsRedirectWithoutSchemeCondition_isALoop_andWithIt_isNot() {
        assertThat(fields(rules(redirect("r", LogicMatch.ANY, 301, "https://{host}{uri}"))))
                .containsExactly("logic.rules[0].redirect.location");
        assertThat(fields(rules(redirect("r", LogicMatch.ANY, 301, "https://shop.localhost{path}"))))
                .containsExactly("logic.rules[0].redirect.location");
        LogicMatch httpOnly = new LogicMatch(null, null, List.of("http"), null, null, null, null, null);
        assertThat(fields(rules(redirect("r", httpOnly, 301, "https://{host}{uri}")))).isEmpty();
    }

    @Test
    void validate_redirectElsewhere_isNotALoop() {
        assertThat(fields(rules(redirect("r", LogicMatch.path("/old/**"), 302, "/new{path}")))).isEmpty();
        assertThat(fields(rules(redirect("r", LogicMatch.path("/old/**"), 302, "/new/")))).isEmpty();
        assertThat(fields(rules(redirect("r", LogicMatch.ANY, 302, "https://other.example/{path}")))).isEmpty();
    }

    @Test
    void validate_badRedirects_areRefused() {
        assertThat(fields(rules(redirect("a", LogicMatch.path("/a"), 303, "/x"),
                redirect("b", LogicMatch.path("/b"), 301, "//evil.example/"),
                redirect("c", LogicMatch.path("/c"), 301, "/x\r\nSet-Cookie: a=1"),
                redirect("d", LogicMatch.path("/d"), 301, "/x{nope}"))))
                .containsExactly("logic.rules[0].redirect.status", "logic.rules[1].redirect.location",
                        "logic.rules[2].redirect.location", "logic.rules[3].redirect.location");
    }

    @Test
    void validate_ruleAfterACatchAllAnswer_orWithTheSameMatch_isShadowed() {
        LogicRule answer = new LogicRule("down", LogicMatch.path("/x/**"), null, null, null, null,
                new SyntheticResponse(503, null, "down"), null, null);
        assertThat(fields(rules(answer, rule("later", LogicMatch.path("/x/**")), rule("other", LogicMatch.path("/y")))))
                .containsExactly("logic.rules[1].match");
    }

    @Test
    void validate_conflictingActionsInOneRule_areRefused() {
        LogicRule r = new LogicRule("r", LogicMatch.path("/a"),
                List.of(new HeaderAction(HeaderOp.SET, "X-A", "1"), new HeaderAction(HeaderOp.REMOVE, "x-a", null)),
                List.of(new HeaderAction(HeaderOp.SET, "Cache-Control", "no-store"),
                        new HeaderAction(HeaderOp.SET, "Access-Control-Allow-Origin", "*")),
                new Redirect(302, "/b"), new PathRewrite("/a", "/b"), new SyntheticResponse(200, null, "x"),
                new Cors(List.of("*"), null, null, null, null, true), "no-cache");
        assertThat(fields(rules(r))).containsExactlyInAnyOrder(
                "logic.rules[0].requestHeaders[1].name",
                "logic.rules[0].respond",
                "logic.rules[0].originPath",
                "logic.rules[0].requestHeaders",
                "logic.rules[0].responseHeaders[0].name",
                "logic.rules[0].responseHeaders[1].name",
                "logic.rules[0].cors.allowOrigins[0]");
    }

    @Test
    void validate_syntheticResponseLimits_areChecked() {
        LogicRule r = new LogicRule("r", LogicMatch.path("/a"), null, null, null, null,
                new SyntheticResponse(204, "text/plain\r\nX: y", "not empty"), null, null);
        assertThat(fields(rules(r))).containsExactlyInAnyOrder("logic.rules[0].respond.body",
                "logic.rules[0].respond.contentType");
    }

    @Test
    void codec_roundTripsEdgeLogic() {
        EdgeLogic logic = new EdgeLogic(List.of(experiment("e", variant("a", 50), variant("b", 50))),
                List.of(rule("r", LogicMatch.path("/a"))));
        ServiceConfig s = service(logic);
        ServiceConfig back = ConfigCodec.readServiceConfig(ConfigCodec.writeBytes(s));
        assertThat(back.logic()).isEqualTo(logic);
        assertThat(ConfigCodec.write(s)).contains("\"sticky\":\"cookie\"", "\"op\":\"set\"");
    }

    @Test
    void codec_readsServiceWithoutLogic_asEmpty() {
        ServiceConfig s = new ServiceConfig("s1", "t1", "s", 1, List.of("a.localhost"), ORIGINS, List.of(), null);
        String json = ConfigCodec.write(s).replaceAll(",?\"logic\":\\{[^}]*}", "");
        assertThat(ConfigCodec.readServiceConfig(json.getBytes()).logic()).isEqualTo(EdgeLogic.NONE);
        assertThat(Map.of()).isEmpty();
    }
}
