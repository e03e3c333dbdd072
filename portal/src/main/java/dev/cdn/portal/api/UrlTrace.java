package dev.cdn.portal.api;

import java.util.List;

/**
 * The URL debugger's answer: how each connected node would handle one URL, and the nodes that did not answer in
 * time (platform-api's {@code GET /v1/services/{id}/debug}).
 */
public record UrlTrace(String url, String method, int activeVersion, List<Node> nodes, List<String> notAnswered,
        long timeoutMillis, long tookMillis) {

    public UrlTrace {
        nodes = ApiModels.list(nodes);
        notAnswered = ApiModels.list(notAnswered);
    }

    /** One node's answer; {@code error} instead of the rest when it could not trace the URL. */
    public record Node(String nodeId, String role, String pop, String error, Long configVersion, String rule,
            String cacheKey, Boolean bypass, String upstream, Boolean inMemory, Boolean onDisk, String cacheStatus,
            Integer status, Long ageSeconds, Long ttlSeconds, List<List<String>> headers) {

        public Node {
            headers = ApiModels.list(headers);
        }
    }
}
