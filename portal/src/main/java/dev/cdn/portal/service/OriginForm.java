package dev.cdn.portal.service;

import java.util.Set;

import dev.cdn.config.Names;
import dev.cdn.config.Origin;

/**
 * The origin form as typed: every value is kept as text so a bad one can be shown again unchanged. The origin's
 * scheme, host and port are one address ({@link OriginAddress}). The ranges are platform-api's (config-model's
 * {@code ConfigValidator}), checked here too so that every mistake shows in one pass.
 */
public record OriginForm(String name, String url, String hostHeader, String weight, String pool,
        String healthCheckPath, String connectTimeoutMs, String readTimeoutMs) {

    static final Set<String> FIELDS = Set.of("name", "url", "hostHeader", "weight", "pool", "healthCheckPath",
            "connectTimeoutMs", "readTimeoutMs");

    public OriginForm {
        name = name == null ? "" : name.strip();
        url = url == null ? "" : url.strip();
    }

    static OriginForm empty() {
        return new OriginForm("", "", null, "100", "default", null, "5000", "30000");
    }

    static OriginForm of(Origin o) {
        return new OriginForm(o.name(), OriginAddress.format(o.tls(), o.host(), o.port()), o.hostHeader(),
                String.valueOf(o.weight()), o.pool(), o.healthCheckPath(), String.valueOf(o.connectTimeoutMs()),
                String.valueOf(o.readTimeoutMs()));
    }

    /** The origin to send, with every mistake found here recorded in {@code values}. */
    Origin toOrigin(FormValues values) {
        if (name.isEmpty()) {
            values.reject("name", "Enter a name, such as web.");
        } else if (!Names.isIdentifier(name)) {
            values.reject("name", "Use 1-" + Names.IDENTIFIER_MAX + " letters, digits, '.', '_' or '-' (no spaces"
                    + " or '/'), such as web-1.");
        }
        OriginAddress address = OriginAddress.parse(url);
        if (!address.isValid()) {
            values.reject("url", address.problem());
        }
        if (healthCheckPath != null && !healthCheckPath.isBlank() && !healthCheckPath.strip().startsWith("/")) {
            values.reject("healthCheckPath", "Start the path with '/', such as /health.");
        }
        return new Origin(name, address.host(), address.port(), address.tls(), FormValues.blankToNull(hostHeader),
                values.integer("weight", weight, 0, 1000), FormValues.blankToNull(pool),
                FormValues.blankToNull(healthCheckPath), values.integer("connectTimeoutMs", connectTimeoutMs, 1, 120_000),
                values.integer("readTimeoutMs", readTimeoutMs, 1, 600_000));
    }

    /** The API names an origin's address in three fields; the form has one. */
    static String formField(String apiField) {
        String last = apiField.substring(apiField.lastIndexOf('.') + 1);
        return switch (last) {
            case "host", "port", "tls" -> "url";
            default -> last;
        };
    }
}
