package dev.cdn.config;

import java.util.List;

/**
 * A basic request filter set: size limits, a method allow-list, and signatures of path traversal and common
 * injection attacks on chosen paths. In {@link FilterMode#LOG} a match is counted and logged and the request goes
 * on, so a service can see what a filter would refuse before it refuses anything.
 *
 * @param mode          {@code block} (default) or {@code log}
 * @param maxBodyBytes  largest request body accepted, by Content-Length (413); a body without a length is then
 *                      refused (411); null for no limit
 * @param maxUrlBytes   longest request target (path and query) accepted (414); null for no limit
 * @param methods       the methods accepted (405 for others); empty accepts every method
 * @param paths         path globs the traversal and injection checks apply to; empty means every path
 * @param blockTraversal refuse {@code ..} segments in the path or query, in any percent-encoding (also double),
 *                      with '/' or '\' as separators
 * @param blockInjection refuse common SQL injection, script injection and shell injection signatures in the
 *                      decoded path and query
 */
public record RequestFilters(FilterMode mode, Long maxBodyBytes, Integer maxUrlBytes, List<String> methods,
                             List<String> paths, boolean blockTraversal, boolean blockInjection) {

    public static final long MAX_BODY_LIMIT = 10L * 1024 * 1024 * 1024;
    public static final int MAX_URL_LIMIT = 65_536;

    public RequestFilters {
        mode = mode == null ? FilterMode.BLOCK : mode;
        methods = methods == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(methods));
        paths = paths == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(paths));
    }
}
