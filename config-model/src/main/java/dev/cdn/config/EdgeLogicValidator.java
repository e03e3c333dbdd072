package dev.cdn.config;

import java.util.List;

/** Checks a service's {@link EdgeLogic}; each violation names its field under {@code logic}. */
final class EdgeLogicValidator {

    private EdgeLogicValidator() {
    }

    static void validate(EdgeLogic logic, ServiceConfig service, List<Violation> out) {
        // An empty EdgeLogic has nothing to check.
    }
}
