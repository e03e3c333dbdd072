package dev.cdn.config;

import java.util.List;

/**
 * Signed URLs: a request to a protected path must carry an unexpired HMAC-SHA256 token signed with one of the
 * service's keys (the format is in docs/edge-logic.md, "Signed URLs and tokens"). Two keys may be active at once,
 * so a key can be rotated without refusing URLs signed with the old one.
 *
 * @param parameter the query parameter that carries the token; removed from the cache key and the origin request
 * @param cookie    a cookie that may carry the token instead (for pages whose sub-requests cannot be signed one
 *                  by one); null when only the parameter is read
 * @param paths     path globs that require a token; empty means every path of the service
 * @param keys      one or two signing keys, each with its own id
 */
public record SignedUrls(String parameter, String cookie, List<String> paths, List<SigningKey> keys) {

    public static final String DEFAULT_PARAMETER = "token";
    /** Two keys: the current one and the one being rotated in or out. */
    public static final int MAX_KEYS = 2;

    public SignedUrls {
        parameter = parameter == null ? DEFAULT_PARAMETER : parameter;
        paths = paths == null ? List.of() : List.copyOf(paths);
        keys = keys == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(keys));
    }

    SignedUrls redacted() {
        return new SignedUrls(parameter, cookie, paths,
                keys.stream().map(k -> k == null ? null : k.redacted()).toList());
    }
}
