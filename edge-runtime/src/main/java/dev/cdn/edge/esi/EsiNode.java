package dev.cdn.edge.esi;

import java.util.List;

/** One node of a parsed ESI document: markup passed through, or an ESI element that acts on delivery. */
public sealed interface EsiNode {

    /** Markup passed through unchanged (bytes held as ISO-8859-1 characters, one per byte). */
    record Text(String text) implements EsiNode {
    }

    /** Text inside {@code esi:vars} (ESI 1.0 section 3.7): its variables are substituted on delivery. */
    record VarText(Template template) implements EsiNode {
    }

    /**
     * {@code esi:include} (section 3.1): fetch {@code src}, else {@code alt}; when both fail, {@code onerror="continue"}
     * deletes the element silently, otherwise the failure propagates to the enclosing {@code esi:try} (or the page).
     */
    record Include(Template src, Template alt, boolean continueOnError) implements EsiNode {
    }

    /** {@code esi:try} (section 3.4): the attempt, or the except when any include of the attempt fails. */
    record Try(List<EsiNode> attempt, List<EsiNode> except) implements EsiNode {
        public Try {
            attempt = List.copyOf(attempt);
            except = List.copyOf(except);
        }
    }

    /** {@code esi:choose} (section 3.3): the first {@code esi:when} whose test is true, else the otherwise. */
    record Choose(List<When> whens, List<EsiNode> otherwise) implements EsiNode {
        public Choose {
            whens = List.copyOf(whens);
            otherwise = List.copyOf(otherwise);
        }
    }

    /** One {@code esi:when} of a choose: its parsed test and its body. */
    record When(Expression test, List<EsiNode> body) {
        public When {
            body = List.copyOf(body);
        }
    }
}
