package dev.cdn.api.origintest;

import dev.cdn.api.error.Validation;
import dev.cdn.config.HostNames;

/**
 * Body of {@code POST /v1/origin-tests}: where the origin is and what to ask it. {@code tls} defaults to true and
 * {@code path} to {@code /}; {@code hostHeader} (default: the host) is what the edge would send as {@code Host}.
 */
record OriginTestRequest(String host, Integer port, Boolean tls, String hostHeader, String path) {

    boolean useTls() {
        return tls == null || tls;
    }

    int portOrDefault() {
        return port != null ? port : useTls() ? 443 : 80;
    }

    String pathOrRoot() {
        return path == null || path.isBlank() ? "/" : path;
    }

    /** Every mistake at once, as a 400 naming each field. */
    void validate() {
        Validation v = new Validation();
        v.require(host != null && HostNames.isValidOriginHost(host), "host", "must be a host name or an IP address");
        v.require(port == null || (port >= 1 && port <= 65535), "port", "must be between 1 and 65535");
        v.require(hostHeader == null || HostNames.isValidHostName(hostHeader.replaceFirst(":\\d+$", "")),
                "hostHeader", "must be a host name");
        v.require(path == null || path.isBlank() || (path.startsWith("/") && path.length() <= 1024
                && path.chars().allMatch(c -> c > 0x20 && c < 0x7f)), "path",
                "must start with '/' and be at most 1024 visible ASCII characters");
        v.throwIfInvalid();
    }
}
