package dev.cdn.portal.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import tools.jackson.databind.json.JsonMapper;

/**
 * What an audit entry changed, as lines a person reads ({@code role: member → admin}), from the entry's
 * {@code before} and {@code after} objects: one line per top-level field whose value differs, values shown
 * short. A pure function.
 */
final class AuditChanges {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final int MAX_VALUE = 80;

    private AuditChanges() {
    }

    static List<String> of(Object before, Object after) {
        Map<?, ?> was = before instanceof Map<?, ?> m ? m : Map.of();
        Map<?, ?> now = after instanceof Map<?, ?> m ? m : Map.of();
        if (!(before instanceof Map<?, ?>) && before != null || !(after instanceof Map<?, ?>) && after != null) {
            return List.of(show(before) + " → " + show(after));
        }
        List<String> lines = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>();
        was.keySet().forEach(k -> keys.add(String.valueOf(k)));
        now.keySet().forEach(k -> keys.add(String.valueOf(k)));
        for (String key : keys) {
            Object a = was.get(key);
            Object b = now.get(key);
            if (a != null && a.equals(b)) {
                continue;
            }
            if (before == null) {
                lines.add(key + ": " + show(b));
            } else if (after == null) {
                lines.add(key + ": " + show(a) + " (removed)");
            } else {
                lines.add(key + ": " + show(a) + " → " + show(b));
            }
        }
        return lines;
    }

    private static String show(Object value) {
        if (value == null) {
            return "—";
        }
        String text = value instanceof String s ? s : JSON.writeValueAsString(value);
        return text.length() > MAX_VALUE ? text.substring(0, MAX_VALUE - 1) + "…" : text;
    }
}
