package dev.cdn.portal.api;

/**
 * Where the response and request shapes of platform-api live: one small record per body, each in its own file
 * in this package. This class only holds the shared null-handling helper.
 */
final class ApiModels {

    private ApiModels() {
    }

    static <T> java.util.List<T> list(java.util.List<T> items) {
        return items == null ? java.util.List.of() : java.util.List.copyOf(items);
    }
}
