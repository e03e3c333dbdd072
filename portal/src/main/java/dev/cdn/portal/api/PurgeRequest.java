package dev.cdn.portal.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Body of {@code POST /v1/services/{id}/purge}: exactly one of urls, tags, prefixes or all. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PurgeRequest(List<String> urls, List<String> tags, List<String> prefixes, Boolean all, Boolean soft) {
}
