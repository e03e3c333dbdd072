package dev.cdn.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that could not be read or failed validation; carries every problem found. */
public class InvalidConfigException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidConfigException(List<Violation> violations) {
        super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public InvalidConfigException(String field, String message, Throwable cause) {
        super(field + ": " + message, cause);
        this.violations = List.of(new Violation(field, message));
    }

    public List<Violation> violations() {
        return violations;
    }
}
