package dev.cdn.portal.service;

import java.util.List;
import java.util.Set;

import dev.cdn.config.Origin;
import dev.cdn.portal.api.NewService;

/**
 * The "new service" form: a name, its first domain and its first origin (platform-api refuses a service
 * without one); more origins and the cache rules are added on the service page.
 */
public record NewServiceForm(String name, String domain, String originHost, String originPort, String originTls) {

    static final Set<String> FIELDS = Set.of("name", "domain", "originHost", "originPort");

    public NewServiceForm {
        name = name == null ? "" : name.strip();
        domain = domain == null ? "" : domain.strip();
        originHost = originHost == null ? "" : originHost.strip();
        originPort = originPort == null ? "" : originPort.strip();
    }

    static NewServiceForm empty() {
        return new NewServiceForm("", "", "", "443", "on");
    }

    public boolean isOriginTls() {
        return FormValues.checked(originTls);
    }

    /** The request, with portal-side mistakes (a port that is not a number) recorded in {@code values}. */
    NewService toRequest(FormValues values) {
        if (name.isEmpty()) {
            values.reject("name", "Enter a name for the service.");
        }
        if (originHost.isEmpty()) {
            values.reject("originHost", "Enter the host name or IP address of your origin server.");
        }
        Integer port = values.integer("originPort", originPort);
        if (port == null && !values.errors().has("originPort")) {
            values.reject("originPort", "Enter a port, such as 443.");
        }
        Origin origin = new Origin("web", originHost, port == null ? 0 : port, isOriginTls(), null, null, null, null,
                null, null);
        return new NewService(name, domain.isEmpty() ? List.of() : List.of(domain), List.of(origin));
    }

    /** {@code domains[0]} is the form's {@code domain}, {@code origins[0].port} its {@code originPort}. */
    static String formField(String apiField) {
        if (apiField.startsWith("domains")) {
            return "domain";
        }
        if (apiField.startsWith("origins")) {
            return apiField.endsWith(".port") ? "originPort" : "originHost";
        }
        return apiField;
    }
}
