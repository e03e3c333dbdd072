package dev.cdn.portal.service;

import java.util.Arrays;
import java.util.List;

import dev.cdn.portal.web.FormErrors;

/**
 * Reads typed values out of form text, collecting a message per bad field instead of failing on the first, so
 * the page can show every mistake at once next to its input.
 */
final class FormValues {

    private FormErrors errors = FormErrors.none();

    FormErrors errors() {
        return errors;
    }

    void reject(String field, String message) {
        errors = errors.withField(field, message);
    }

    /** A whole number, or null when the field was left empty. */
    Integer integer(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            reject(field, "Enter a whole number.");
            return null;
        }
    }

    Long longValue(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Long.valueOf(text.strip());
        } catch (NumberFormatException e) {
            reject(field, "Enter a whole number.");
            return null;
        }
    }

    /** A list typed as comma- or newline-separated values; blanks are dropped. */
    static List<String> list(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split("[,\\n\\r]+")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    static String join(List<String> values) {
        return values == null ? "" : String.join(", ", values);
    }

    /** An HTML checkbox sends {@code on} (or the value given) when ticked and nothing when not. */
    static boolean checked(String value) {
        return value != null && !value.isBlank() && !"false".equalsIgnoreCase(value);
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
