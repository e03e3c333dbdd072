package dev.cdn.portal.audit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.cdn.portal.api.ApiToken;
import dev.cdn.portal.api.AuditPage;
import dev.cdn.portal.api.ServiceSummary;
import dev.cdn.portal.api.TeamMember;

/**
 * Names for what the audit log identifies by id: actors ({@code user:<id>} is the member's email, {@code token:<id>}
 * the token's name) and targets (a service's name, a version as {@code shop v2}, a token's or a member's name).
 * Built from the lists the signed-in user may read; what is gone or out of reach keeps a plain description.
 */
record AuditNames(Map<String, String> users, Map<String, String> tokens, Map<String, String> services) {

    static AuditNames of(List<TeamMember> members, List<ApiToken> tokenList, List<ServiceSummary> serviceList) {
        Map<String, String> users = new HashMap<>();
        members.forEach(m -> users.put(m.id(), m.email()));
        Map<String, String> tokens = new HashMap<>();
        tokenList.forEach(t -> tokens.put(t.id(), t.name()));
        Map<String, String> services = new HashMap<>();
        serviceList.forEach(s -> services.put(s.id(), s.name()));
        return new AuditNames(users, tokens, services);
    }

    String actor(String actor) {
        if (actor == null) {
            return "the platform";
        }
        if (actor.startsWith("user:")) {
            return users.getOrDefault(actor.substring(5), "a removed member");
        }
        if (actor.startsWith("token:")) {
            String name = tokens.get(actor.substring(6));
            return name == null ? "an API token" : "API token " + name;
        }
        return actor;
    }

    String target(AuditPage.Entry e) {
        String id = e.targetId() == null ? "" : e.targetId();
        return switch (e.targetType() == null ? "" : e.targetType()) {
            case "service" -> services.getOrDefault(id, "a deleted service");
            case "version" -> {
                String[] parts = id.split("/", 2);
                yield services.getOrDefault(parts[0], "a deleted service") + (parts.length > 1 ? " v" + parts[1] : "");
            }
            case "token" -> tokens.containsKey(id) ? "API token " + tokens.get(id) : field(e, "name", "an API token");
            case "user" -> users.getOrDefault(id, field(e, "email", "a removed member"));
            case "invitation" -> "invitation for " + field(e, "email", "someone");
            default -> e.targetType() + " " + id;
        };
    }

    /** A field of the entry's after (or before) object, as the change recorded it. */
    private static String field(AuditPage.Entry e, String name, String otherwise) {
        for (Object side : new Object[] {e.after(), e.before()}) {
            if (side instanceof Map<?, ?> map && map.get(name) != null) {
                return String.valueOf(map.get(name));
            }
        }
        return otherwise;
    }
}
