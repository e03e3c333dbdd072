package dev.cdn.edge.logic;

import dev.cdn.config.FieldMatch;
import dev.cdn.config.FieldOp;
import java.util.regex.Pattern;

/** One {@link FieldMatch} compiled: the regex built once, when the config is applied. */
final class FieldMatcher {

    /** Longest value a regex is run on: bounds the work one request can cause. */
    static final int MAX_REGEX_INPUT = 4096;

    private final String name;
    private final FieldOp op;
    private final String value;
    private final Pattern regex;

    FieldMatcher(FieldMatch m) {
        this.name = m.name();
        this.op = m.op();
        this.value = m.value();
        this.regex = m.op() == FieldOp.REGEX ? Pattern.compile(m.value()) : null;
    }

    String name() {
        return name;
    }

    /** Tests a field's value (null when the field is absent). */
    boolean test(String actual) {
        return switch (op) {
            case PRESENT -> actual != null;
            case ABSENT -> actual == null;
            case EQUALS -> value.equals(actual);
            case PREFIX -> actual != null && actual.startsWith(value);
            case REGEX -> actual != null && actual.length() <= MAX_REGEX_INPUT && regex.matcher(actual).find();
        };
    }
}
