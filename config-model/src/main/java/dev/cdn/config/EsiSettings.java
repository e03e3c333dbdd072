package dev.cdn.config;

import java.util.List;

/**
 * A service's bounds on Edge Side Includes; every field is optional (null: the edge node's own default). An edge
 * never goes past its own limits: a service can only tighten them, and widen the hosts its pages may include from.
 *
 * @param maxIncludes includes one page may start (1-256)
 * @param maxDepth deepest include nesting, the page being 0 (1-10)
 * @param maxFragmentBytes the largest fragment body included (1 byte to 64 MiB); a larger one fails its include
 * @param includeTimeoutMs how long one fragment fetch may take (1 ms to 60 s)
 * @param totalTimeoutMs how long all of one page's includes may take together (1 ms to 120 s): an include still
 *                       running then fails
 * @param allowedHosts hosts besides the service's own domains that fragments may come from ({@code *.} wildcards
 *                     as domains have them); they never receive the client's Cookie or Authorization
 * @param allowedPaths when not empty, fragment paths must start with one of these prefixes (each starting "/")
 */
public record EsiSettings(Integer maxIncludes, Integer maxDepth, Long maxFragmentBytes, Integer includeTimeoutMs,
                          Integer totalTimeoutMs, List<String> allowedHosts, List<String> allowedPaths) {

    /** The node's defaults everywhere. */
    public static final EsiSettings DEFAULTS = new EsiSettings(null, null, null, null, null, List.of(), List.of());

    public EsiSettings {
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        allowedPaths = allowedPaths == null ? List.of() : List.copyOf(allowedPaths);
    }
}
