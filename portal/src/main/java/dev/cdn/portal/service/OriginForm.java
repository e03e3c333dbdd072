package dev.cdn.portal.service;

import java.util.Set;

import dev.cdn.config.Origin;

/** The origin form as typed: every value is kept as text so a bad one can be shown again unchanged. */
public record OriginForm(String name, String host, String port, String tls, String hostHeader, String weight,
        String pool, String healthCheckPath, String connectTimeoutMs, String readTimeoutMs) {

    static final Set<String> FIELDS = Set.of("name", "host", "port", "tls", "hostHeader", "weight", "pool",
            "healthCheckPath", "connectTimeoutMs", "readTimeoutMs");

    public OriginForm {
        name = name == null ? "" : name.strip();
        host = host == null ? "" : host.strip();
        port = port == null ? "" : port.strip();
    }

    static OriginForm empty() {
        return new OriginForm("", "", "443", "on", null, "100", "default", null, "5000", "30000");
    }

    static OriginForm of(Origin o) {
        return new OriginForm(o.name(), o.host(), Integer.toString(o.port()), o.tls() ? "on" : null, o.hostHeader(),
                String.valueOf(o.weight()), o.pool(), o.healthCheckPath(), String.valueOf(o.connectTimeoutMs()),
                String.valueOf(o.readTimeoutMs()));
    }

    public boolean isTls() {
        return FormValues.checked(tls);
    }

    /** The origin to send, with every parse error recorded in {@code values}. */
    Origin toOrigin(FormValues values) {
        if (name.isEmpty()) {
            values.reject("name", "Enter a name, such as web.");
        }
        if (host.isEmpty()) {
            values.reject("host", "Enter the origin's host name or IP address.");
        }
        Integer portNumber = values.integer("port", port);
        if (portNumber == null && !values.errors().has("port")) {
            values.reject("port", "Enter a port, such as 443.");
        }
        return new Origin(name, host, portNumber == null ? 0 : portNumber, isTls(), FormValues.blankToNull(hostHeader),
                values.integer("weight", weight), FormValues.blankToNull(pool),
                FormValues.blankToNull(healthCheckPath), values.integer("connectTimeoutMs", connectTimeoutMs),
                values.integer("readTimeoutMs", readTimeoutMs));
    }
}
