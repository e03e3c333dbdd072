package dev.cdn.edge.admin;

import java.util.LinkedHashMap;
import java.util.Map;

/** One failing readiness check: why, and a short human detail (never a secret, never a path). */
public record NotReady(NotReadyReason reason, String detail) {

    /** The JSON object listed in {@code failing}: {@code {"check","reason","detail"}}. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("check", reason.check().wireName());
        m.put("reason", reason.wireName());
        m.put("detail", detail);
        return m;
    }
}
