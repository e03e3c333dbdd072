package dev.cdn.portal.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import dev.cdn.portal.api.ApiFieldError;
import dev.cdn.portal.api.ApiProblem;

/**
 * The errors of one submitted form: messages per field, shown next to the inputs, plus messages about the
 * form as a whole; immutable, so a page can never see errors meant for another request.
 */
public final class FormErrors {

    private static final FormErrors NONE = new FormErrors(Map.of(), List.of());

    private final Map<String, String> fields;
    private final List<String> global;

    private FormErrors(Map<String, String> fields, List<String> global) {
        this.fields = Collections.unmodifiableMap(fields);
        this.global = List.copyOf(global);
    }

    public static FormErrors none() {
        return NONE;
    }

    public static FormErrors global(String message) {
        return NONE.withGlobal(message);
    }

    public static FormErrors field(String field, String message) {
        return NONE.withField(field, message);
    }

    /**
     * Maps an API problem onto a form: errors naming one of {@code formFields} go next to that input, the
     * rest (and the problem's detail when it names no field) go above the form, so nothing is lost.
     */
    public static FormErrors fromProblem(ApiProblem problem, Set<String> formFields) {
        return fromProblem(problem, formFields, UnaryOperator.identity());
    }

    /**
     * Like {@link #fromProblem(ApiProblem, Set)}, first translating the API's field path into the form's field
     * name (the API names {@code rules[2].match.pathPrefix} where the rule form has {@code pathPrefix}).
     */
    public static FormErrors fromProblem(ApiProblem problem, Set<String> formFields, UnaryOperator<String> toFormField) {
        FormErrors errors = NONE;
        for (ApiFieldError error : problem.errors()) {
            String field = error.field() == null ? null : toFormField.apply(error.field());
            errors = field != null && formFields.contains(field)
                    ? errors.withField(field, sentence(error.message()))
                    : errors.withGlobal(sentence(error.field() == null ? error.message()
                            : error.field() + ": " + error.message()));
        }
        if (problem.errors().isEmpty()) {
            errors = errors.withGlobal(sentence(problem.detail() != null ? problem.detail() : problem.title()));
        }
        return errors;
    }

    /**
     * The API words its messages as clauses ("must be 1-65535"); next to a field a reader expects a sentence:
     * a capital first letter and a full stop.
     */
    static String sentence(String message) {
        if (message == null || message.isBlank()) {
            return message;
        }
        String text = message.strip();
        String first = text.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + text.substring(1);
        char last = first.charAt(first.length() - 1);
        return last == '.' || last == '?' || last == '!' ? first : first + ".";
    }

    /** Adds a message for {@code field}; a second message for the same field is appended, not dropped. */
    public FormErrors withField(String field, String message) {
        Map<String, String> copy = new LinkedHashMap<>(fields);
        copy.merge(field, message, (first, second) -> first + "; " + second);
        return new FormErrors(copy, global);
    }

    public FormErrors withGlobal(String message) {
        List<String> copy = new ArrayList<>(global);
        copy.add(message);
        return new FormErrors(fields, copy);
    }

    public boolean has(String field) {
        return fields.containsKey(field);
    }

    /** The message for {@code field}, or {@code null} when it is valid (templates test {@link #has} first). */
    public String get(String field) {
        return fields.get(field);
    }

    public Map<String, String> fields() {
        return fields;
    }

    public List<String> global() {
        return global;
    }

    public boolean isEmpty() {
        return fields.isEmpty() && global.isEmpty();
    }

    @Override
    public String toString() {
        return "FormErrors" + fields + global;
    }
}
