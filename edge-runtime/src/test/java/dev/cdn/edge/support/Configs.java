package dev.cdn.edge.support;

import dev.cdn.config.CacheRule;
import dev.cdn.config.Origin;
import dev.cdn.config.QueryMode;
import dev.cdn.config.RuleMatch;
import dev.cdn.config.ServiceConfig;
import dev.cdn.config.ServiceSettings;
import java.util.List;

/** Service configs for tests. */
public final class Configs {

    private Configs() {
    }

    public static ServiceConfig service(String id, long version, String domain, int originPort, CacheRule... rules) {
        return new ServiceConfig(id, "tenant-1", id, version, List.of(domain), List.of(origin(originPort)),
                List.of(rules), new ServiceSettings(null, false, List.of(), null));
    }

    /** The same service with this protection (docs/edge-logic.md). */
    public static ServiceConfig protect(ServiceConfig s, dev.cdn.config.Protection protection) {
        return new ServiceConfig(s.id(), s.tenantId(), s.name(), s.version(), s.domains(), s.origins(), s.rules(),
                s.settings(), s.logic(), protection);
    }

    public static Origin origin(int port) {
        return new Origin("o1", "127.0.0.1", port, false, null, null, null, null, 1000, 2000);
    }

    /** A rule with the given vary headers and everything else default. */
    public static CacheRule rule(String name, RuleMatch match) {
        return new CacheRule(name, match, null, null, false, null, false, null, null, QueryMode.ALL, null,
                List.of("Accept-Encoding"), null, null, null, false, null, null);
    }
}
