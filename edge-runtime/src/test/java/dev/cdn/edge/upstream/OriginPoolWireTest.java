package dev.cdn.edge.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.config.Origin;
import dev.cdn.config.ServiceConfig;
import dev.cdn.config.ServiceSettings;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.MutableClock;
import dev.cdn.edge.support.ScriptedOrigin;
import dev.cdn.edge.support.ScriptedOrigin.Reply;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Origin pools on real loopback sockets: weighted spreading, failover after a refused connection, passive
 * ejection, active checks, backups and failing open. Active checks are driven with {@link EdgeNode#checkOriginsNow}
 * (the timer is set to an hour) and ejection back-offs with a mutable clock, so nothing waits for time.
 */
class OriginPoolWireTest {

    static final String HOST = "pool.localhost";

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final List<ScriptedOrigin> origins = new ArrayList<>();
    EdgeNode edge;

    @AfterEach
    void tearDown() {
        if (edge != null) {
            edge.close();
        }
        origins.forEach(ScriptedOrigin::close);
    }

    ScriptedOrigin origin() {
        ScriptedOrigin o = new ScriptedOrigin();
        origins.add(o);
        return o;
    }

    /** A loopback port nothing listens on: connecting is refused at once. */
    static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static Origin origin(String name, int port, int weight, String healthCheckPath) {
        return new Origin(name, "127.0.0.1", port, false, null, weight, null, healthCheckPath, 1000, 2000);
    }

    static ServiceConfig service(long version, Origin... pool) {
        return new ServiceConfig("pool", "tenant-1", "pool", version, List.of(HOST), List.of(pool), List.of(),
                new ServiceSettings(null, false, List.of(), null));
    }

    Path write(ServiceConfig service) throws IOException {
        Path file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(service))));
        return file;
    }

    void start(Origin... pool) throws IOException {
        edge = EdgeNode.start(EdgeSettings.builder().nodeId("edge-1").listen("127.0.0.1", 0)
                .allowedPrivateOrigins("127.0.0.1")
                .adminListen("127.0.0.1", 0).adminToken("secret").configFile(write(service(1, pool))).clock(clock)
                .health(HealthSettings.builder().checkInterval(Duration.ofHours(1)).build()).build());
    }

    Http.Response get(String path) {
        return Http.get(edge.port(), HOST, path);
    }

    OriginStatus status(String origin) {
        return edge.originHealth().stream().filter(v -> v.origin().equals(origin)).findFirst()
                .map(OriginHealth.View::status).orElseThrow();
    }

    double metric(String name, String... labelPairs) {
        String text = Http.get(edge.adminPort(), "a", "/metrics", "Authorization", "Bearer secret").body();
        for (String line : text.lines().toList()) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i < labelPairs.length; i += 2) {
                all &= line.contains(labelPairs[i] + "=\"" + labelPairs[i + 1] + "\"");
            }
            if (all) {
                Matcher m = Pattern.compile(" ([0-9.eE+-]+)$").matcher(line);
                return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
            }
        }
        return 0;
    }

    static int trafficCount(ScriptedOrigin o) {
        return (int) o.seen().stream().filter(s -> !s.uri().startsWith("/health")).count();
    }

    @Test
    void weights_spreadLoadAmongHealthyOrigins() throws IOException {
        ScriptedOrigin light = origin();
        ScriptedOrigin heavy = origin();
        start(origin("light", light.port(), 100, null), origin("heavy", heavy.port(), 300, null));

        int n = 400;
        for (int i = 0; i < n; i++) {
            assertThat(get("/w/" + i).status()).isEqualTo(200);
        }

        assertThat(light.count() + heavy.count()).isEqualTo(n);
        // 1:3 by weight; smooth weighted round-robin is exact for sequential requests, the tolerance is for safety.
        assertThat(light.count()).isBetween(90, 110);
        assertThat(heavy.count()).isBetween(290, 310);
        // Traffic that got answers is what marks origins without a health check healthy.
        assertThat(status("light")).isEqualTo(OriginStatus.HEALTHY);
        assertThat(status("heavy")).isEqualTo(OriginStatus.HEALTHY);
    }

    @Test
    void connectRefused_onChosenOrigin_retriesTheRequestOnceOnTheNext() throws IOException {
        ScriptedOrigin live = origin();
        live.script(s -> Reply.ok("from live", "Cache-Control", "max-age=60"));
        start(origin("dead", deadPort(), 100, null), origin("live", live.port(), 100, null));

        Http.Response r = get("/x");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("from live");
        assertThat(r.header("X-Cache")).isEqualTo("MISS");
        assertThat(live.count("/x")).isEqualTo(1);
        assertThat(metric("edge_origin_failovers_total", "service", "pool", "origin", "dead")).isEqualTo(1.0);
        assertThat(edge.originHealth()).filteredOn(v -> v.origin().equals("dead"))
                .singleElement().satisfies(v -> assertThat(v.lastError()).isEqualTo("connection refused"));
    }

    @Test
    void connectRefused_idempotentPassWithBody_isRetriedWithTheBody() throws IOException {
        ScriptedOrigin live = origin();
        live.script(s -> Reply.of(201, "stored"));
        start(origin("dead", deadPort(), 100, null), origin("live", live.port(), 100, null));

        Http.Response r = Http.request(HttpMethod.PUT, edge.port(), HOST, "/item", "payload");

        assertThat(r.status()).isEqualTo(201);
        assertThat(live.count()).isEqualTo(1);
        assertThat(live.last().method()).isEqualTo("PUT");
        assertThat(live.last().body()).isEqualTo("payload");
    }

    @Test
    void connectRefused_nonIdempotentMethod_isNeverRetried() throws IOException {
        ScriptedOrigin live = origin();
        start(origin("dead", deadPort(), 100, null), origin("live", live.port(), 100, null));

        Http.Response r = Http.request(HttpMethod.POST, edge.port(), HOST, "/form", "a=1");

        assertThat(r.status()).isEqualTo(502);
        assertThat(live.count()).isZero();
        assertThat(metric("edge_origin_failovers_total", "origin", "dead")).isZero();
    }

    @Test
    void consecutiveConnectFailures_ejectTheOrigin_untilTheBackOffEnds() throws IOException {
        ScriptedOrigin live = origin();
        // Weights so that the balancer picks "dead" whenever it is usable.
        start(origin("dead", deadPort(), 1000, null), origin("live", live.port(), 1, null));

        for (int i = 0; i < 3; i++) {
            assertThat(get("/e/" + i).status()).isEqualTo(200);
        }
        assertThat(metric("edge_origin_failovers_total", "origin", "dead")).isEqualTo(3.0);
        assertThat(status("dead")).isEqualTo(OriginStatus.UNHEALTHY);
        assertThat(metric("edge_origin_status", "origin", "dead", "status", "unhealthy")).isEqualTo(1.0);

        // Ejected: requests go straight to "live".
        assertThat(get("/e/3").status()).isEqualTo(200);
        assertThat(metric("edge_origin_failovers_total", "origin", "dead")).isEqualTo(3.0);

        // Back-off over: "dead" is tried again (and fails over again).
        clock.advance(Duration.ofSeconds(10));
        assertThat(get("/e/4").status()).isEqualTo(200);
        assertThat(metric("edge_origin_failovers_total", "origin", "dead")).isEqualTo(4.0);
        assertThat(live.count()).isEqualTo(5);
    }

    @Test
    void consecutive5xx_ejectTheOrigin_butAreNeverRetried() throws IOException {
        ScriptedOrigin failing = origin();
        ScriptedOrigin good = origin();
        failing.script(s -> Reply.of(503, "busy"));
        good.script(s -> Reply.ok("good", "Cache-Control", "no-store"));
        start(origin("failing", failing.port(), 1000, null), origin("good", good.port(), 1, null));

        for (int i = 0; i < 3; i++) {
            // The origin answered: its answer goes to the client, the request is not repeated elsewhere.
            assertThat(get("/5").status()).isEqualTo(503);
        }
        assertThat(good.count()).isZero();
        assertThat(status("failing")).isEqualTo(OriginStatus.UNHEALTHY);
        assertThat(edge.originHealth().get(0).lastError()).isEqualTo("HTTP 503");

        assertThat(get("/5").body()).isEqualTo("good");
        assertThat(failing.count()).isEqualTo(3);
    }

    @Test
    void activeCheck_marksAnOriginDown_andBackUp() throws IOException {
        ScriptedOrigin web = origin();
        java.util.concurrent.atomic.AtomicInteger healthStatus = new java.util.concurrent.atomic.AtomicInteger(200);
        web.script(s -> s.uri().equals("/health") ? Reply.of(healthStatus.get(), "")
                : Reply.ok("web", "Cache-Control", "no-store"));
        start(origin("web", web.port(), 100, "/health"));

        edge.checkOriginsNow();
        assertThat(status("web")).isEqualTo(OriginStatus.HEALTHY);
        assertThat(web.last().headers().get("Host")).isEqualTo(HOST);
        assertThat(web.last().headers().get("User-Agent")).startsWith("cdn-edge-health-check");

        healthStatus.set(503);
        edge.checkOriginsNow();
        edge.checkOriginsNow();
        assertThat(status("web")).isEqualTo(OriginStatus.HEALTHY);
        edge.checkOriginsNow();
        assertThat(status("web")).isEqualTo(OriginStatus.UNHEALTHY);
        assertThat(edge.originHealth().get(0).lastError()).isEqualTo("health check answered 503");
        assertThat(metric("edge_origin_health_checks_total", "origin", "web", "outcome", "failed")).isEqualTo(3.0);

        healthStatus.set(200);
        edge.checkOriginsNow();
        assertThat(status("web")).isEqualTo(OriginStatus.UNHEALTHY);
        edge.checkOriginsNow();
        assertThat(status("web")).isEqualTo(OriginStatus.HEALTHY);
        assertThat(metric("edge_origin_status", "origin", "web", "status", "healthy")).isEqualTo(1.0);
    }

    @Test
    void backup_isUsedOnlyWhileEveryWeightedOriginIsDown() throws IOException {
        ScriptedOrigin primary = origin();
        ScriptedOrigin backup = origin();
        java.util.concurrent.atomic.AtomicInteger healthStatus = new java.util.concurrent.atomic.AtomicInteger(200);
        primary.script(s -> s.uri().equals("/health") ? Reply.of(healthStatus.get(), "")
                : Reply.ok("primary", "Cache-Control", "no-store"));
        backup.script(s -> Reply.ok("backup", "Cache-Control", "no-store"));
        start(origin("primary", primary.port(), 100, "/health"), origin("backup", backup.port(), 0, null));

        for (int i = 0; i < 5; i++) {
            assertThat(get("/b").body()).isEqualTo("primary");
        }
        assertThat(backup.count()).isZero();

        healthStatus.set(503);
        for (int i = 0; i < 3; i++) {
            edge.checkOriginsNow();
        }
        for (int i = 0; i < 5; i++) {
            assertThat(get("/b").body()).isEqualTo("backup");
        }
        assertThat(trafficCount(primary)).isEqualTo(5);

        healthStatus.set(200);
        edge.checkOriginsNow();
        edge.checkOriginsNow();
        assertThat(get("/b").body()).isEqualTo("primary");
        assertThat(backup.count()).isEqualTo(5);
    }

    @Test
    void everyOriginDown_stillTriesThem_failOpen() throws IOException {
        ScriptedOrigin web = origin();
        web.script(s -> s.uri().equals("/health") ? Reply.of(500, "") : Reply.ok("still here", "Cache-Control", "no-store"));
        start(origin("web", web.port(), 100, "/health"));
        for (int i = 0; i < 3; i++) {
            edge.checkOriginsNow();
        }
        assertThat(status("web")).isEqualTo(OriginStatus.UNHEALTHY);

        Http.Response r = get("/f");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("still here");
    }

    @Test
    void originsThatLeaveTheConfig_areNoLongerChecked() throws IOException {
        ScriptedOrigin kept = origin();
        ScriptedOrigin dropped = origin();
        start(origin("kept", kept.port(), 100, "/health"), origin("dropped", dropped.port(), 100, "/health"));
        edge.checkOriginsNow();
        assertThat(dropped.count("/health")).isEqualTo(1);
        assertThat(metric("edge_origin_status", "origin", "dropped", "status", "healthy")).isEqualTo(1.0);

        write(service(2, origin("kept", kept.port(), 100, "/health")));
        edge.pollConfigFile();
        edge.checkOriginsNow();

        assertThat(kept.count("/health")).isEqualTo(2);
        assertThat(dropped.count("/health")).isEqualTo(1);
        assertThat(edge.originHealth()).extracting(OriginHealth.View::origin).containsExactly("kept");
        assertThat(metric("edge_origin_status", "origin", "dropped", "status", "healthy")).isZero();
    }
}
