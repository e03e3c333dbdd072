package dev.cdn.api.ssrf;

import java.net.URI;

/**
 * The request target to send for a tenant's URL once its host has been checked. Only the path and query (RFC 9112
 * origin-form): given an absolute URL, reactor-netty connects to the URL's own host, looking the name up again and
 * ignoring the checked {@code remoteAddress}; given a path, it connects to {@code remoteAddress}. The URL's
 * authority goes in the {@code Host} header instead.
 */
public final class RequestTarget {

    private RequestTarget() {
    }

    /** {@code uri}'s raw path and query; {@code /} when the path is empty. */
    public static String of(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }
}
