package dev.cdn.config;

/**
 * A condition on one named request field (header, cookie or query parameter).
 *
 * @param name  the field's name (case-insensitive for headers)
 * @param op    how the value is tested
 * @param value the operand; unused for present and absent
 */
public record FieldMatch(String name, FieldOp op, String value) {

    public FieldMatch {
        op = op == null ? FieldOp.PRESENT : op;
    }
}
