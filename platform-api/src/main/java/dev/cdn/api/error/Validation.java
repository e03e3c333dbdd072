package dev.cdn.api.error;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Collects field errors for one request and throws them together, so a client sees every problem at once. */
public final class Validation {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
    private final List<FieldError> errors = new ArrayList<>();

    public Validation require(boolean ok, String field, String message) {
        if (!ok) {
            errors.add(new FieldError(field, message));
        }
        return this;
    }

    /** A present, non-blank string of at most {@code max} characters. */
    public Validation text(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
        } else if (value.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
        }
        return this;
    }

    public Validation email(String value, String field) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
        } else if (value.length() > 254 || !EMAIL.matcher(value).matches()) {
            errors.add(new FieldError(field, "must be a valid email address"));
        }
        return this;
    }

    public Validation add(String field, String message) {
        errors.add(new FieldError(field, message));
        return this;
    }

    public Validation addAll(List<FieldError> more) {
        errors.addAll(more);
        return this;
    }

    /** True when the text is a UUID (the form of every id in the API). */
    public static boolean isUuid(String text) {
        if (text == null) {
            return false;
        }
        try {
            java.util.UUID.fromString(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    /** Throws a 400 with every error collected, if any. */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }
}
