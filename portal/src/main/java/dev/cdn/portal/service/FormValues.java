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
            reject(field, text.strip().matches("-?\\d+") ? "Enter a smaller number: at most " + Integer.MAX_VALUE + "."
                    : "Enter a whole number, such as 300.");
            return null;
        }
    }

    /**
     * A whole number from {@code min} to {@code max}, or null when the field was left empty; anything else (letters,
     * a fraction, a number too large for any field) gets one message that names the range.
     */
    Integer integer(String field, String text, int min, int max) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String range = "Enter a whole number from " + min + " to " + max + ".";
        try {
            int value = Integer.parseInt(text.strip());
            if (value < min || value > max) {
                reject(field, range);
                return null;
            }
            return value;
        } catch (NumberFormatException e) {
            reject(field, range);
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
            reject(field, text.strip().matches("-?\\d+") ? "Enter a smaller number: at most " + Long.MAX_VALUE + "."
                    : "Enter a whole number, such as 1048576.");
            return null;
        }
    }

    /** A share from 0 to 1 (0.1 is one in ten), or null when the field was left empty. */
    Double share(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            double value = Double.parseDouble(text.strip());
            if (value >= 0 && value <= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // the same message as a number out of range
        }
        reject(field, "Enter a share from 0 to 1, such as 0.1 for one request in ten.");
        return null;
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
