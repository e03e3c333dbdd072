package dev.cdn.config;

import java.util.List;

/**
 * An ordered request/response rule: when {@code match} holds, its actions apply. At most one terminal action
 * (redirect, respond) per rule; CORS answers preflights itself and decorates the rest.
 *
 * @param name                identifier; names the rule in metrics and Cache-Status
 * @param match               which requests it acts on; null or empty means every request
 * @param requestHeaders      changes to the request sent upstream
 * @param responseHeaders     changes to the response sent to the client
 * @param redirect            answer with a redirect instead of going upstream
 * @param originPath          rewrite of the path sent to the origin
 * @param respond             answer with a fixed response instead of going upstream
 * @param cors                answer CORS preflights and add CORS fields to responses
 * @param browserCacheControl the Cache-Control sent to the client, whatever the edge's own TTL
 */
public record LogicRule(
        String name,
        LogicMatch match,
        List<HeaderAction> requestHeaders,
        List<HeaderAction> responseHeaders,
        Redirect redirect,
        PathRewrite originPath,
        SyntheticResponse respond,
        Cors cors,
        String browserCacheControl) {

    public LogicRule {
        match = match == null ? LogicMatch.ANY : match;
        requestHeaders = requestHeaders == null ? List.of() : List.copyOf(requestHeaders);
        responseHeaders = responseHeaders == null ? List.of() : List.copyOf(responseHeaders);
    }

    /** True when the rule answers by itself for every request it matches. */
    public boolean terminal() {
        return redirect != null || respond != null;
    }
}
