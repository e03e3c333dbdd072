package dev.cdn.geodns.live;

import dev.cdn.geodns.choice.PopHealth;
import dev.cdn.geodns.pop.Pop;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the live data from the control plane with the operator token: {@code GET /v1/edges} (a PoP is up while
 * at least one of its edge-role nodes is connected), {@code GET /v1/hostnames} (the names that exist) and
 * {@code GET /v1/pops} (each PoP's live load, reported by its edges). Runs on
 * its own thread, never on an event loop; each request is bounded by the timeout. When a poll fails, the last
 * data is kept and {@code geodns_control_plane_stale} says so until a poll succeeds again.
 */
public final class ControlPlaneFeed {

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneFeed.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final String operatorToken;
    private final Duration timeout;
    private final Supplier<List<Pop>> pops;
    private final Consumer<LiveData> publish;
    private final Clock clock;
    private final MeterRegistry registry;
    private final HttpClient http;
    private final AtomicReference<Instant> lastSuccess = new AtomicReference<>();
    private volatile boolean stale = true;

    public ControlPlaneFeed(URI base, String operatorToken, Duration timeout, Supplier<List<Pop>> pops,
                            Consumer<LiveData> publish, Clock clock, MeterRegistry registry) {
        this.base = base;
        this.operatorToken = operatorToken;
        this.timeout = timeout;
        this.pops = pops;
        this.publish = publish;
        this.clock = clock;
        this.registry = registry;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        Gauge.builder("geodns_control_plane_stale", () -> stale ? 1 : 0)
                .description("1 while the last poll of the control plane failed and the last known data is served")
                .register(registry);
        Gauge.builder("geodns_control_plane_age_seconds", () -> {
                    Instant at = lastSuccess.get();
                    return at == null ? Double.NaN : Duration.between(at, clock.instant()).toMillis() / 1000.0;
                }).description("Seconds since the live data was last read from the control plane").register(registry);
    }

    /** One poll: reads both lists and publishes them, or keeps the last data. */
    public PollOutcome pollOnce() {
        PollOutcome outcome;
        try {
            JsonNode edges = get("/v1/edges");
            JsonNode names = get("/v1/hostnames");
            publish.accept(live(edges, names, loads()));
            lastSuccess.set(clock.instant());
            outcome = PollOutcome.OK;
        } catch (Refused e) {
            outcome = PollOutcome.REFUSED;
            log.warn("control plane answered {} for {}; serving the last known data", e.status, e.path);
        } catch (IOException e) {
            outcome = PollOutcome.UNREACHABLE;
            log.warn("control plane unreachable ({}); serving the last known data", e.toString());
        } catch (RuntimeException e) {
            outcome = PollOutcome.UNREADABLE;
            log.warn("control plane answer unreadable ({}); serving the last known data", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = PollOutcome.UNREACHABLE;
        }
        stale = outcome != PollOutcome.OK;
        Counter.builder("geodns_control_plane_polls").description("Polls of the control plane, by outcome")
                .tag("outcome", outcome.label()).register(registry).increment();
        return outcome;
    }

    public boolean stale() {
        return stale;
    }

    /**
     * Each PoP's live load from {@code GET /v1/pops} (PoPs without a fresh figure are left out, so the PoP file's
     * stands). A control plane that does not offer it (refused) gives no live load rather than failing the poll.
     */
    private Map<String, Double> loads() throws IOException, InterruptedException {
        JsonNode pops;
        try {
            pops = get("/v1/pops");
        } catch (Refused e) {
            return Map.of();
        }
        Map<String, Double> out = new HashMap<>();
        for (JsonNode p : pops.required("items")) {
            JsonNode load = p.path("load");
            if (load.isNumber() && load.asDouble() >= 0 && load.asDouble() <= 1) {
                out.put(p.path("pop").asString(""), load.asDouble());
            }
        }
        return out;
    }

    private LiveData live(JsonNode edges, JsonNode names, Map<String, Double> load) {
        Set<String> connected = new HashSet<>();
        for (JsonNode n : edges.required("items")) {
            if ("edge".equals(n.path("role").asString("")) && n.path("connected").asBoolean(false)) {
                connected.add(n.path("pop").asString(""));
            }
        }
        Map<String, PopHealth> health = new HashMap<>();
        for (Pop p : pops.get()) {
            health.put(p.name(), connected.contains(p.name()) ? PopHealth.UP : PopHealth.NO_CONNECTED_EDGE);
        }
        Set<String> hostNames = new HashSet<>();
        for (JsonNode n : names.required("items")) {
            hostNames.add(n.required("name").asString());
        }
        return new LiveData(hostNames, health, clock.instant(), load);
    }

    private static final class Refused extends IOException {
        final int status;
        final String path;

        Refused(int status, String path) {
            super("status " + status + " for " + path);
            this.status = status;
            this.path = path;
        }
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Authorization", "Bearer " + operatorToken).header("Accept", "application/json").GET().build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new Refused(response.statusCode(), path);
        }
        return JSON.readTree(response.body());
    }
}
