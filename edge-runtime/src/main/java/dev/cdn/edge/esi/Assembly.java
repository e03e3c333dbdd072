package dev.cdn.edge.esi;

import java.util.List;

/**
 * A document evaluated for one request: what remains once choose, vars and variables are resolved, literal text and
 * the includes to fetch, in document order.
 *
 * @param parts the parts in document order
 * @param truncated true when the text reached the output limit and the rest of the document was left out
 */
public record Assembly(List<Part> parts, boolean truncated) {

    public Assembly {
        parts = List.copyOf(parts);
    }

    /** One part of an assembled page. */
    public sealed interface Part {
    }

    /** Text sent as it is. */
    public record Literal(String text) implements Part {
    }

    /**
     * An include to fetch: {@code src}, else {@code alt} (null when absent); when both fail, the part is empty if
     * {@code continueOnError}, otherwise the failure goes to the enclosing {@link Attempt} or fails the page.
     */
    public record Fetch(String src, String alt, boolean continueOnError) implements Part {
    }

    /** An {@code esi:try}: the attempt's parts, or the except's when any fetch of the attempt fails. */
    public record Attempt(List<Part> attempt, List<Part> except) implements Part {
        public Attempt {
            attempt = List.copyOf(attempt);
            except = List.copyOf(except);
        }
    }
}
