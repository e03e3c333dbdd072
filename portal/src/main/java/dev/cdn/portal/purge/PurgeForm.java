package dev.cdn.portal.purge;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import dev.cdn.portal.api.PurgeRequest;

/**
 * The purge form: what to purge ({@code urls}, {@code tags}, {@code prefixes} or {@code all}), the values one
 * per line, and whether the purge is soft (mark stale) or hard (remove).
 */
public record PurgeForm(String kind, String values, String soft, String confirmed) {

    static final Set<String> FIELDS = Set.of("kind", "values", "soft");
    static final List<String> KINDS = List.of("urls", "tags", "prefixes", "all");

    public PurgeForm {
        kind = kind == null || kind.isBlank() ? "urls" : kind;
        values = values == null ? "" : values;
    }

    static PurgeForm empty() {
        return new PurgeForm("urls", "", null, null);
    }

    /** Purging everything is confirmed on a page of its own before it is sent. */
    boolean needsConfirmation() {
        return kind.equals("all") && !"yes".equals(confirmed);
    }

    public boolean isSoft() {
        return soft != null && !soft.isBlank();
    }

    List<String> valueList() {
        return Arrays.stream(values.split("[\\n\\r]+")).map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    PurgeRequest toRequest() {
        Boolean softFlag = isSoft() ? Boolean.TRUE : null;
        return switch (kind) {
            case "tags" -> new PurgeRequest(null, valueList(), null, null, softFlag);
            case "prefixes" -> new PurgeRequest(null, null, valueList(), null, softFlag);
            case "all" -> new PurgeRequest(null, null, null, true, softFlag);
            default -> new PurgeRequest(valueList(), null, null, null, softFlag);
        };
    }

    /** {@code urls[2]} and friends are the form's {@code values}. */
    static String formField(String apiField) {
        return apiField.matches("^(urls|tags|prefixes)(\\[\\d+])?$") ? "values"
                : apiField.equals("all") ? "kind" : apiField;
    }
}
