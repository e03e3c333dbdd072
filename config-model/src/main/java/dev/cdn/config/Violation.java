package dev.cdn.config;

/**
 * One problem found in a configuration.
 *
 * @param field   a JSON-path-like location such as {@code rules[2].glob}
 * @param message why the value is refused, phrased for the person who wrote it
 */
public record Violation(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
