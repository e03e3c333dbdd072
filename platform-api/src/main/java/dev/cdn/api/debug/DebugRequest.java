package dev.cdn.api.debug;

import dev.cdn.api.error.ApiException;
import dev.cdn.api.error.Validation;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What to trace: an absolute http(s) URL of the service, the method ({@code GET} by default) and request headers that
 * select a variant. Bounded so that a probe fits one notification: a URL of at most 2,048 characters, at most 20
 * headers of at most 256 characters each.
 */
record DebugRequest(String url, String method, Map<String, String> headers) {

    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    DebugRequest {
        method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    DebugRequest checked() {
        Validation v = new Validation();
        if (url == null || url.isBlank()) {
            v.add("url", "is required");
        } else if (url.length() > 2048 || !url.chars().allMatch(c -> c > ' ' && c <= '~')) {
            v.add("url", "must be at most 2048 visible ASCII characters");
        } else {
            try {
                URI uri = new URI(url);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                v.require((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                        && uri.getRawUserInfo() == null, "url", "must be an absolute http:// or https:// URL of the service");
            } catch (URISyntaxException e) {
                v.add("url", "is not a URL: " + e.getReason());
            }
        }
        v.require(METHODS.contains(method), "method", "must be one of " + METHODS);
        v.require(headers.size() <= 20, "headers", "at most 20 headers");
        headers.forEach((name, value) -> v.require(name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}")
                        && value != null && value.length() <= 256 && value.chars().allMatch(c -> c >= ' ' && c <= '~'),
                "headers." + name, "must be a header name (at most 64 characters) with a value of at most 256 visible characters"));
        v.throwIfInvalid();
        return this;
    }

    static DebugRequest ofQuery(String url, String method) {
        if (url == null) {
            throw ApiException.invalid("url", "is required");
        }
        return new DebugRequest(url, method, Map.of()).checked();
    }
}
