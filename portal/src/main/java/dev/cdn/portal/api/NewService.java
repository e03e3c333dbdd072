package dev.cdn.portal.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.cdn.config.Origin;

/** Body of {@code POST /v1/services}: a name, its domains and (optionally) origins; version 1 is a draft. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewService(String name, List<String> domains, List<Origin> origins) {
}
