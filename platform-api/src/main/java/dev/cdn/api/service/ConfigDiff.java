package dev.cdn.api.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A readable difference between two configurations, as a list of changes with JSON-path-like locations.
 * Arrays of named objects (origins, rules) are matched by name, so reordering or editing one rule shows as that,
 * not as a cascade of index changes; arrays of plain values (domains) are compared as sets.
 */
final class ConfigDiff {

    /** One change: {@code op} is {@code added}, {@code removed} or {@code changed}. */
    record Change(String path, String op, JsonNode before, JsonNode after) {
    }

    private ConfigDiff() {
    }

    static List<Change> diff(JsonNode before, JsonNode after) {
        List<Change> out = new ArrayList<>();
        walk("", before, after, out);
        return out;
    }

    private static void walk(String path, JsonNode a, JsonNode b, List<Change> out) {
        boolean aMissing = a == null || a.isNull() || a.isMissingNode();
        boolean bMissing = b == null || b.isNull() || b.isMissingNode();
        if (aMissing && bMissing) {
            return;
        }
        if (aMissing) {
            out.add(new Change(path, "added", null, b));
        } else if (bMissing) {
            out.add(new Change(path, "removed", a, null));
        } else if (a.isObject() && b.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            a.propertyNames().forEach(names::add);
            b.propertyNames().forEach(names::add);
            for (String name : names) {
                if (path.isEmpty() && name.equals("version")) {
                    continue;
                }
                walk(path.isEmpty() ? name : path + "." + name, a.get(name), b.get(name), out);
            }
        } else if (a.isArray() && b.isArray()) {
            if (named(a) && named(b)) {
                Map<String, JsonNode> left = byName(a);
                Map<String, JsonNode> right = byName(b);
                Set<String> names = new LinkedHashSet<>(left.keySet());
                names.addAll(right.keySet());
                for (String name : names) {
                    walk(path + "[" + name + "]", left.get(name), right.get(name), out);
                }
                if (left.keySet().equals(right.keySet()) && !new ArrayList<>(left.keySet()).equals(new ArrayList<>(right.keySet()))) {
                    out.add(new Change(path, "reordered", names(a), names(b)));
                }
            } else if (scalars(a) && scalars(b)) {
                Set<JsonNode> left = new LinkedHashSet<>();
                a.forEach(left::add);
                Set<JsonNode> right = new LinkedHashSet<>();
                b.forEach(right::add);
                for (JsonNode v : left) {
                    if (!right.contains(v)) {
                        out.add(new Change(path, "removed", v, null));
                    }
                }
                for (JsonNode v : right) {
                    if (!left.contains(v)) {
                        out.add(new Change(path, "added", null, v));
                    }
                }
            } else if (!a.equals(b)) {
                out.add(new Change(path, "changed", a, b));
            }
        } else if (!a.equals(b)) {
            out.add(new Change(path, "changed", a, b));
        }
    }

    private static boolean named(JsonNode array) {
        if (array.isEmpty()) {
            return true;
        }
        for (JsonNode n : array) {
            if (!n.isObject() || n.get("name") == null || !n.get("name").isString()) {
                return false;
            }
        }
        return true;
    }

    private static boolean scalars(JsonNode array) {
        for (JsonNode n : array) {
            if (n.isContainer()) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, JsonNode> byName(JsonNode array) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        array.forEach(n -> out.put(n.get("name").asString(), n));
        return out;
    }

    private static JsonNode names(JsonNode array) {
        var list = tools.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        array.forEach(n -> list.add(n.get("name").asString()));
        return list;
    }
}
