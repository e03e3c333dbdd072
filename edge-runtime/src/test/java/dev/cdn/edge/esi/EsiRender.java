package dev.cdn.edge.esi;

import java.util.Map;
import java.util.function.Function;

/** Test helper: renders an assembly as text, standing in for fetched includes with a lookup (null: the fetch fails). */
final class EsiRender {

    private EsiRender() {
    }

    static String render(String page, RequestVariables variables, Map<String, String> fragments) {
        Assembly assembly = EsiEvaluator.evaluate(EsiParser.parse(page, ParseLimits.DEFAULT), variables, 1 << 20);
        StringBuilder out = new StringBuilder();
        if (!append(assembly.parts(), fragments::get, out)) {
            return "<page failed>";
        }
        return out.toString();
    }

    /** False when a fetch failed with no alt, no onerror="continue" and no enclosing try. */
    private static boolean append(java.util.List<Assembly.Part> parts, Function<String, String> fetch, StringBuilder out) {
        for (Assembly.Part part : parts) {
            if (part instanceof Assembly.Literal l) {
                out.append(l.text());
            } else if (part instanceof Assembly.Fetch f) {
                String body = fetch.apply(f.src());
                if (body == null && f.alt() != null) {
                    body = fetch.apply(f.alt());
                }
                if (body != null) {
                    out.append(body);
                } else if (!f.continueOnError()) {
                    return false;
                }
            } else if (part instanceof Assembly.Attempt a) {
                StringBuilder attempt = new StringBuilder();
                if (append(a.attempt(), fetch, attempt)) {
                    out.append(attempt);
                } else if (!append(a.except(), fetch, out)) {
                    return false;
                }
            }
        }
        return true;
    }
}
