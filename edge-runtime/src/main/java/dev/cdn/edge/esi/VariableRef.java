package dev.cdn.edge.esi;

/**
 * A reference to an ESI variable, {@code $(NAME)}, {@code $(NAME{key})} or either with a default,
 * {@code $(NAME{key}|default)} (ESI 1.0 sections 4, 4.1 and 4.2).
 *
 * @param name the variable name, e.g. {@code HTTP_COOKIE}
 * @param key the substructure key, or null for the whole variable
 * @param fallback the default used when the value is empty or missing, or null for the empty string
 */
public record VariableRef(String name, String key, String fallback) {

    /** The value for this request: the variable's, else the default, else empty (section 4.2). */
    public String valueIn(RequestVariables variables) {
        String value = variables.lookup(name, key);
        if (value == null || value.isEmpty()) {
            return fallback == null ? "" : fallback;
        }
        return value;
    }
}
