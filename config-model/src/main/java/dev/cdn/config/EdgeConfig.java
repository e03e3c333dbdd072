package dev.cdn.config;

import java.util.List;

/** The whole configuration of one edge runtime: every service it serves. This is the standalone config file. */
public record EdgeConfig(List<ServiceConfig> services) {

    public EdgeConfig {
        services = services == null ? List.of() : List.copyOf(services);
    }
}
