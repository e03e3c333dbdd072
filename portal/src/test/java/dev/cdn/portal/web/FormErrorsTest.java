package dev.cdn.portal.web;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.cdn.portal.api.ApiFieldError;
import dev.cdn.portal.api.ApiProblem;

import static org.assertj.core.api.Assertions.assertThat;

/** How API problems and portal checks become per-field and whole-form messages. */
class FormErrorsTest {

    private static final Set<String> FIELDS = Set.of("email", "password");

    @Test
    void fromProblem_putsKnownFieldsInlineAndTheRestAboveTheForm() {
        ApiProblem problem = new ApiProblem("about:blank", "Invalid request", 400, "The request has invalid fields.",
                List.of(new ApiFieldError("email", "must be a valid email address"),
                        new ApiFieldError("plan", "is not offered")));

        FormErrors errors = FormErrors.fromProblem(problem, FIELDS);

        assertThat(errors.fields()).containsExactly(java.util.Map.entry("email", "Must be a valid email address."));
        assertThat(errors.global()).containsExactly("Plan: is not offered.");
    }

    @Test
    void fromProblem_withoutFieldErrors_showsTheDetail() {
        ApiProblem problem = new ApiProblem("about:blank", "Bad Request", 400, "Tenant names must be unique.", null);

        assertThat(FormErrors.fromProblem(problem, FIELDS).global()).containsExactly("Tenant names must be unique.");
    }

    @Test
    void withField_twice_keepsBothMessages() {
        FormErrors errors = FormErrors.field("password", "is too short").withField("password", "is too common");

        assertThat(errors.get("password")).isEqualTo("is too short; is too common");
        assertThat(errors.has("email")).isFalse();
    }

    @Test
    void withField_leavesOriginalUntouched() {
        FormErrors none = FormErrors.none();

        none.withField("email", "x");

        assertThat(none.isEmpty()).isTrue();
    }
}
