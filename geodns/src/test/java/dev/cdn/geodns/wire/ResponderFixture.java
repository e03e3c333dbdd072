package dev.cdn.geodns.wire;

import dev.cdn.geodns.RoutingSnapshot;
import dev.cdn.geodns.choice.ChoiceSettings;
import dev.cdn.geodns.choice.Chooser;
import dev.cdn.geodns.live.LiveData;
import dev.cdn.geodns.location.LocationFile;
import dev.cdn.geodns.location.LocationTable;
import dev.cdn.geodns.metrics.DnsMetrics;
import dev.cdn.geodns.pop.Pop;
import dev.cdn.geodns.pop.PopFile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/** A responder on real UDP and TCP sockets on 127.0.0.1, over the shipped sample files unless told otherwise. */
final class ResponderFixture implements AutoCloseable {

    static final Path SAMPLES = Path.of("..", "examples", "geodns");
    static final String ZONE = "cdn.localhost";
    static final String HOST = "www.shop.localhost";

    final AtomicReference<RoutingSnapshot> snapshot;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final DnsServer server;

    ResponderFixture(List<Pop> pops, LocationTable locations, ChoiceSettings choice, long seed) throws InterruptedException {
        snapshot = new AtomicReference<>(RoutingSnapshot.of(pops, locations, LiveData.staticOnly(Set.of(HOST)), List.of(ZONE)));
        Random random = new Random(seed);
        Responder responder = new Responder(snapshot::get, new Chooser(choice), ZoneSettings.of(List.of(ZONE)), random::nextDouble);
        server = new DnsServer(responder, new DnsMetrics(registry), ZoneSettings.DEFAULT_MAX_QUERY_BYTES, Duration.ofSeconds(5))
                .start("127.0.0.1", 0);
    }

    static ResponderFixture samples(ChoiceSettings choice) throws IOException, InterruptedException {
        return new ResponderFixture(PopFile.read(SAMPLES.resolve("pops.txt")),
                LocationFile.read(SAMPLES.resolve("ip-locations.txt")), choice, 42);
    }

    InetSocketAddress address() {
        return server.address();
    }

    void live(LiveData live) {
        snapshot.updateAndGet(s -> s.withLive(live));
    }

    double counter(String name, String... tags) {
        var c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void close() {
        server.close();
    }
}
