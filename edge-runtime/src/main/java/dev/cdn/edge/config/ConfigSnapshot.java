package dev.cdn.edge.config;

import dev.cdn.edge.routing.HostRouter;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** An immutable view of every service an edge serves, with its host router; a request reads one and keeps it. */
public final class ConfigSnapshot {

    public static final ConfigSnapshot EMPTY = new ConfigSnapshot(Map.of());

    private final Map<String, CompiledService> services;
    private final HostRouter<CompiledService> router;

    private ConfigSnapshot(Map<String, CompiledService> services) {
        this.services = Map.copyOf(services);
        Map<String, CompiledService> domains = new HashMap<>();
        for (CompiledService s : services.values()) {
            for (String d : s.config().domains()) {
                domains.put(d, s);
            }
        }
        this.router = HostRouter.of(domains, s -> s.config().tenantId());
    }

    public static ConfigSnapshot of(Collection<CompiledService> services) {
        Map<String, CompiledService> map = new LinkedHashMap<>();
        services.forEach(s -> map.put(s.id(), s));
        return new ConfigSnapshot(map);
    }

    public CompiledService route(String hostHeader) {
        return router.route(hostHeader);
    }

    public CompiledService service(String id) {
        return services.get(id);
    }

    public Map<String, CompiledService> services() {
        return services;
    }

    /** A copy with one service added or replaced. */
    public ConfigSnapshot with(CompiledService service) {
        Map<String, CompiledService> map = new LinkedHashMap<>(services);
        map.put(service.id(), service);
        return new ConfigSnapshot(map);
    }

    /** A copy without one service. */
    public ConfigSnapshot without(String serviceId) {
        Map<String, CompiledService> map = new LinkedHashMap<>(services);
        map.remove(serviceId);
        return new ConfigSnapshot(map);
    }
}
