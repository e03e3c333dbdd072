package dev.cdn.portal.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.cdn.config.Origin;

/** Origins grouped by pool in configuration order: within a pool, list order is the failover order. */
public record OriginPools(String name, List<Origin> origins) {

    static List<OriginPools> of(List<Origin> origins) {
        Map<String, List<Origin>> byPool = new LinkedHashMap<>();
        for (Origin origin : origins) {
            byPool.computeIfAbsent(origin.pool(), p -> new ArrayList<>()).add(origin);
        }
        return byPool.entrySet().stream().map(e -> new OriginPools(e.getKey(), List.copyOf(e.getValue()))).toList();
    }
}
