package dev.cdn.portal.service;

import dev.cdn.config.EdgeLogic;
import dev.cdn.config.Experiment;
import dev.cdn.config.FieldMatch;
import dev.cdn.config.HeaderAction;
import dev.cdn.config.LogicMatch;
import dev.cdn.config.LogicRule;
import dev.cdn.config.Stickiness;
import dev.cdn.config.Variant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Edge logic in plain words for the page's tables: what each experiment splits, when each rule acts and what it does. */
record EdgeLogicSummary(List<ExperimentRow> experiments, List<RuleRow> rules) {

    record ExperimentRow(String name, String sticky, String variants, String state) {
    }

    record RuleRow(int position, String name, String when, String does) {
    }

    static EdgeLogicSummary of(EdgeLogic logic) {
        List<ExperimentRow> experiments = logic.experiments().stream().map(EdgeLogicSummary::experiment).toList();
        List<RuleRow> rules = new ArrayList<>();
        for (int i = 0; i < logic.rules().size(); i++) {
            LogicRule r = logic.rules().get(i);
            rules.add(new RuleRow(i + 1, r.name(), when(r.match()), does(r)));
        }
        return new EdgeLogicSummary(experiments, rules);
    }

    private static ExperimentRow experiment(Experiment e) {
        String sticky = e.sticky() == Stickiness.COOKIE ? "Cookie " + e.cookieName()
                : e.attribute() == null ? "Hash" : "Hash of " + e.attribute().source().name().toLowerCase(Locale.ROOT)
                        .replace('_', ' ') + (e.attribute().name() == null ? "" : " " + e.attribute().name());
        StringBuilder variants = new StringBuilder();
        for (Variant v : e.variants()) {
            variants.append(variants.isEmpty() ? "" : " · ").append(v.name()).append(' ').append(v.weight()).append('%');
        }
        String state = e.pinnedVariant() == null ? "Running" : "Stopped: everyone gets " + e.pinnedVariant();
        return new ExperimentRow(e.name(), sticky, variants.toString(), state);
    }

    static String when(LogicMatch m) {
        List<String> parts = new ArrayList<>();
        if (m.path() != null) {
            parts.add("path " + m.path());
        }
        if (!m.methods().isEmpty()) {
            parts.add(String.join("/", m.methods()));
        }
        if (!m.schemes().isEmpty()) {
            parts.add("over " + String.join("/", m.schemes()));
        }
        m.headers().forEach(f -> parts.add("header " + field(f)));
        m.cookies().forEach(f -> parts.add("cookie " + field(f)));
        m.query().forEach(f -> parts.add("query " + field(f)));
        if (!m.clientAddresses().isEmpty()) {
            parts.add("from " + String.join(", ", m.clientAddresses()));
        }
        if (!m.countries().isEmpty()) {
            parts.add("country " + String.join("/", m.countries()));
        }
        return parts.isEmpty() ? "Every request" : String.join("; ", parts);
    }

    private static String field(FieldMatch f) {
        String op = f.op().name().toLowerCase(Locale.ROOT);
        return f.name() + " " + op + (f.value() == null ? "" : " " + f.value());
    }

    static String does(LogicRule r) {
        List<String> parts = new ArrayList<>();
        if (r.redirect() != null) {
            parts.add("redirect " + r.redirect().status() + " to " + r.redirect().location());
        }
        if (r.respond() != null) {
            parts.add("answer " + r.respond().status());
        }
        if (r.cors() != null) {
            parts.add("CORS for " + String.join(", ", r.cors().allowOrigins()));
        }
        if (r.originPath() != null) {
            parts.add("origin path " + r.originPath().fromPrefix() + " → " + r.originPath().toPrefix());
        }
        r.requestHeaders().forEach(a -> parts.add("request " + header(a)));
        r.responseHeaders().forEach(a -> parts.add("response " + header(a)));
        if (r.browserCacheControl() != null) {
            parts.add("browser Cache-Control: " + r.browserCacheControl());
        }
        return parts.isEmpty() ? "Nothing" : String.join("; ", parts);
    }

    private static String header(HeaderAction a) {
        String op = a.op() == null ? "?" : a.op().name().toLowerCase(Locale.ROOT);
        return op + " " + a.name() + (a.value() == null ? "" : ": " + a.value());
    }
}
