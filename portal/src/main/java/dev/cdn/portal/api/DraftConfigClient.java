package dev.cdn.portal.api;

import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

import dev.cdn.config.CacheRule;
import dev.cdn.config.EdgeLogic;
import dev.cdn.config.Protection;
import dev.cdn.config.ServiceSettings;

import static dev.cdn.portal.api.VersionsClient.VERSION;

/** platform-api's calls that change what a draft version holds: cache rules, settings, protection, edge logic. */
@Component
public class DraftConfigClient {

    private final PlatformApiTransport api;
    private final WebClient http;

    DraftConfigClient(PlatformApiTransport api) {
        this.api = api;
        this.http = api.http();
    }

    /** Adds a rule at {@code position} (0 is the highest priority), or last when it is null. */
    public Mono<ServiceVersion> addRule(String token, String serviceId, int number, CacheRule rule, Integer position) {
        return api.call("POST .../rules", token, http.post()
                .uri(b -> {
                    b.path(VERSION + "/rules");
                    if (position != null) {
                        b.queryParam("position", position);
                    }
                    return b.build(serviceId, number);
                })
                .bodyValue(rule), ServiceVersion.class);
    }

    public Mono<ServiceVersion> replaceRule(String token, String serviceId, int number, String name, CacheRule rule) {
        return api.call("PUT .../rules/{name}", token,
                http.put().uri(VERSION + "/rules/{name}", serviceId, number, name).bodyValue(rule),
                ServiceVersion.class);
    }

    public Mono<ServiceVersion> removeRule(String token, String serviceId, int number, String name) {
        return api.call("DELETE .../rules/{name}", token,
                http.delete().uri(VERSION + "/rules/{name}", serviceId, number, name), ServiceVersion.class);
    }

    public Mono<ServiceVersion> reorderRules(String token, String serviceId, int number, List<String> names) {
        return api.call("PUT .../rule-order", token,
                http.put().uri(VERSION + "/rule-order", serviceId, number).bodyValue(Map.of("names", names)),
                ServiceVersion.class);
    }

    public Mono<ServiceVersion> updateSettings(String token, String serviceId, int number, ServiceSettings settings) {
        return api.call("PUT .../settings", token,
                http.put().uri(VERSION + "/settings", serviceId, number).bodyValue(settings), ServiceVersion.class);
    }

    /** {@code PUT .../protection}: the draft's protection as stored (signing keys without their secrets). */
    public Mono<Protection> updateProtection(String token, String serviceId, int number, Protection protection) {
        return api.call("PUT .../protection", token, http.put().uri(VERSION + "/protection", serviceId, number)
                .bodyValue(protection), Protection.class);
    }

    /** {@code PUT .../logic}: replaces a draft's experiments and request/response rules. */
    public Mono<ServiceVersion> updateLogic(String token, String serviceId, int number, EdgeLogic logic) {
        return api.call("PUT .../logic", token,
                http.put().uri(VERSION + "/logic", serviceId, number).bodyValue(logic), ServiceVersion.class);
    }
}
