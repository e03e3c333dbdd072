package dev.cdn.portal.api;

import java.util.List;

/** The answer of {@code validate}: everything activation would refuse, by field. */
public record ValidationReport(boolean valid, List<ApiFieldError> errors) {

    public ValidationReport {
        errors = ApiModels.list(errors);
    }
}
