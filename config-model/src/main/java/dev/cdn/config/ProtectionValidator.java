package dev.cdn.config;

import java.util.List;

/** Checks a service's {@link Protection}; each violation names its field under {@code protection}. */
final class ProtectionValidator {

    private ProtectionValidator() {
    }

    static void validate(Protection protection, ServiceConfig service, List<Violation> out) {
        // An empty Protection has nothing to check.
    }
}
