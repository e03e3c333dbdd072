package dev.cdn.api.audit;

import dev.cdn.api.error.Validation;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One audit record as both audit logs (the tenants' and the operator's) answer it, and their shared query pieces. */
record AuditEntry(long id, Instant at, String actor, String action, String targetType, String targetId,
                  JsonNode before, JsonNode after) {

    /** Open bounds for a time range that is not given. */
    static final Instant NO_START = Instant.EPOCH;
    static final Instant NO_END = Instant.parse("9999-12-31T00:00:00Z");

    /** Reads a row of {@code id, at, actor, action, target_type, target_id, before, after}. */
    static AuditEntry of(Row row, JsonMapper json) {
        return new AuditEntry(row.get("id", Long.class), row.get("at", OffsetDateTime.class).toInstant(),
                row.get("actor", String.class), row.get("action", String.class),
                row.get("target_type", String.class), row.get("target_id", String.class),
                tree(json, row.get("before", Json.class)), tree(json, row.get("after", Json.class)));
    }

    /** A page of {@code limit} entries at most: {@code next} is the {@code before} of the following page, or null. */
    static Map<String, Object> page(List<AuditEntry> items, int limit) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        page.put("next", items.size() == limit ? items.get(items.size() - 1).id() : null);
        return page;
    }

    /** A {@code from}/{@code to} filter: null when absent, else the instant, or a field error in {@code v}. */
    static Instant instant(String text, String field, Validation v) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            v.add(field, "must be an ISO-8601 instant such as 2026-12-01T00:00:00Z");
            return null;
        }
    }

    private static JsonNode tree(JsonMapper json, Json value) {
        return value == null ? null : json.readTree(value.asString());
    }
}
