package dev.cdn.api.error;

import dev.cdn.config.Names;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Collects field errors for one request and throws them together, so a client sees every problem at once. */
public final class Validation {

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
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

    /**
     * A name people read (tenant, service, token): printable Unicode of at most {@code max} characters, without
     * control characters or bidirectional overrides ({@link Names}, the rule the edge's config checks share).
     */
    public Validation name(String value, String field, int max) {
        String problem = Names.displayNameProblem(value, max);
        if (problem != null) {
            errors.add(new FieldError(field, problem));
        }
        return this;
    }

    /**
     * An instant PostgreSQL can store and clients can read back: years 1 to 9999, the range of RFC 3339's
     * four-digit years (§5.6). Null is left to the caller.
     */
    public Validation instant(Instant value, String field) {
        if (value != null && (value.isBefore(EARLIEST) || value.isAfter(LATEST))) {
            errors.add(new FieldError(field, "must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z"));
        }
        return this;
    }

    public Validation email(String value, String field) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
        } else if (value.length() > 254 || !EMAIL.matcher(value).matches() || Names.firstUnsafe(value) >= 0) {
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
