package dev.cdn.portal.tokens;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

import dev.cdn.portal.api.TokenRequest;
import dev.cdn.portal.web.FormErrors;

/** The new-token form: a name, the scopes ticked, and an optional expiry date (UTC midnight). */
public record TokenForm(String name, List<String> scopes, String expiresOn) {

    static final Set<String> FIELDS = Set.of("name", "scopes", "expiresOn");
    static final List<String> SCOPES = List.of("config:read", "config:write", "purge", "purge:all",
            "analytics:read", "tokens");

    public TokenForm {
        name = name == null ? "" : name.strip();
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        expiresOn = expiresOn == null ? "" : expiresOn.strip();
    }

    static TokenForm empty() {
        return new TokenForm("", List.of(), "");
    }

    public boolean has(String scope) {
        return scopes.contains(scope);
    }

    /** Portal-side checks: a name, at least one scope, a real date in the future. */
    FormErrors check(Instant now) {
        FormErrors errors = FormErrors.none();
        if (name.isEmpty()) {
            errors = errors.withField("name", "Enter a name, such as deploy.");
        }
        if (scopes.isEmpty()) {
            errors = errors.withField("scopes", "Choose at least one scope.");
        }
        if (!expiresOn.isEmpty()) {
            Instant at = expiry();
            if (at == null) {
                errors = errors.withField("expiresOn", "Enter a date as YYYY-MM-DD.");
            } else if (!at.isAfter(now)) {
                errors = errors.withField("expiresOn", "Choose a date in the future.");
            }
        }
        return errors;
    }

    TokenRequest toRequest() {
        return new TokenRequest(name, scopes, null, expiresOn.isEmpty() ? null : expiry());
    }

    private Instant expiry() {
        try {
            return LocalDate.parse(expiresOn).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String formField(String apiField) {
        return apiField.startsWith("scopes") ? "scopes" : apiField.equals("expiresAt") ? "expiresOn" : apiField;
    }
}
