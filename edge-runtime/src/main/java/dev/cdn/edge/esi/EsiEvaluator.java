package dev.cdn.edge.esi;

import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a parsed document for one request (ESI 1.0 sections 3.3, 3.7 and 4): picks the branch of every choose,
 * substitutes variables, and leaves the includes to fetch. The text it produces never exceeds {@code maxChars}, so a
 * small document holding many large variables cannot amplify into a large response.
 */
public final class EsiEvaluator {

    /** Longest include URL produced; a longer one is cut (and will fail to resolve or fetch). */
    static final int MAX_URL_CHARS = 8 * 1024;

    private final RequestVariables variables;
    private long room;
    private boolean truncated;

    private EsiEvaluator(RequestVariables variables, long maxChars) {
        this.variables = variables;
        this.room = maxChars;
    }

    /** The assembly of {@code document} for the request with {@code variables}. */
    public static Assembly evaluate(EsiDocument document, RequestVariables variables, long maxChars) {
        EsiEvaluator evaluator = new EsiEvaluator(variables, maxChars);
        return new Assembly(evaluator.walk(document.nodes()), evaluator.truncated);
    }

    private List<Assembly.Part> walk(List<EsiNode> nodes) {
        Parts out = new Parts();
        for (EsiNode node : nodes) {
            if (truncated) {
                break;
            }
            if (node instanceof EsiNode.Text t) {
                literal(t.text(), out);
            } else if (node instanceof EsiNode.VarText v) {
                literal(v.template().render(variables, (int) Math.min(Integer.MAX_VALUE - 1, room) + 1), out);
            } else if (node instanceof EsiNode.Include i) {
                out.add(new Assembly.Fetch(i.src().render(variables, MAX_URL_CHARS),
                        i.alt() == null ? null : i.alt().render(variables, MAX_URL_CHARS), i.continueOnError()));
            } else if (node instanceof EsiNode.Try t) {
                out.add(new Assembly.Attempt(walk(t.attempt()), walk(t.except())));
            } else if (node instanceof EsiNode.Choose c) {
                out.addAll(walk(chosen(c)));
            }
        }
        return out.done();
    }

    private List<EsiNode> chosen(EsiNode.Choose choose) {
        for (EsiNode.When when : choose.whens()) {
            if (when.test().test(variables)) {
                return when.body();
            }
        }
        return choose.otherwise();
    }

    private void literal(String text, Parts out) {
        if (text.length() > room) {
            text = text.substring(0, (int) room);
            truncated = true;
        }
        room -= text.length();
        out.text(text);
    }

    /** Parts being collected; adjacent text is joined in one builder, so joining stays linear. */
    private static final class Parts {
        private final List<Assembly.Part> parts = new ArrayList<>();
        private final StringBuilder pending = new StringBuilder();

        void text(String text) {
            pending.append(text);
        }

        void add(Assembly.Part part) {
            if (part instanceof Assembly.Literal l) {
                pending.append(l.text());
                return;
            }
            flush();
            parts.add(part);
        }

        void addAll(List<Assembly.Part> more) {
            more.forEach(this::add);
        }

        List<Assembly.Part> done() {
            flush();
            return parts;
        }

        private void flush() {
            if (!pending.isEmpty()) {
                parts.add(new Assembly.Literal(pending.toString()));
                pending.setLength(0);
            }
        }
    }
}
