package dev.cdn.portal.service;

import java.util.List;
import java.util.Set;

import dev.cdn.config.Origin;
import dev.cdn.portal.api.NewService;

/**
 * The "new service" form: a name, its first domain and its first origin as one address (platform-api refuses a
 * service without an origin); more origins and the cache rules are added on the service page.
 */
public record NewServiceForm(String name, String domain, String originUrl) {

    static final Set<String> FIELDS = Set.of("name", "domain", "originUrl");

    public NewServiceForm {
        name = name == null ? "" : name.strip();
        domain = domain == null ? "" : domain.strip();
        originUrl = originUrl == null ? "" : originUrl.strip();
    }

    static NewServiceForm empty() {
        return new NewServiceForm("", "", "");
    }

    /** The request, with every portal-side mistake recorded in {@code values} (all of them, in one pass). */
    NewService toRequest(FormValues values) {
        if (name.isEmpty()) {
            values.reject("name", "Enter a name for the service.");
        }
        if (domain.isEmpty()) {
            values.reject("domain", "Enter the domain the service answers for, such as www.example.com.");
        }
        OriginAddress address = OriginAddress.parse(originUrl);
        if (!address.isValid()) {
            values.reject("originUrl", address.problem());
        }
        Origin origin = new Origin("web", address.host(), address.port(), address.tls(), null, null, null, null,
                null, null);
        return new NewService(name, domain.isEmpty() ? List.of() : List.of(domain), List.of(origin));
    }

    /** {@code domains[0]} is the form's {@code domain}; the origin's host, port and TLS are its {@code originUrl}. */
    static String formField(String apiField) {
        if (apiField.startsWith("domains")) {
            return "domain";
        }
        if (apiField.startsWith("origins")) {
            return "originUrl";
        }
        return apiField;
    }
}
