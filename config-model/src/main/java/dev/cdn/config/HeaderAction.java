package dev.cdn.config;

/**
 * A change to one header field.
 *
 * @param op    set (replace every value), append (add one more value) or remove
 * @param name  the field name (an RFC 9110 token)
 * @param value the field value; required unless the op is remove
 */
public record HeaderAction(HeaderOp op, String name, String value) {
}
