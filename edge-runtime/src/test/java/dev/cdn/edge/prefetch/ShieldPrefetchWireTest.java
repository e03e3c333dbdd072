package dev.cdn.edge.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.config.ServiceConfig;
import dev.cdn.config.ServiceSettings;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.role.EdgeRole;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.BlockHoundSetup;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.ScriptedOrigin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shield with prefetching on, on loopback sockets, driven as edges drive it (each end user named by the
 * X-Forwarded-For an edge sets): after three users read /article then /comments, the next user's /article makes
 * the shield fetch /comments ahead of them, marked as a prefetch, and that user's /comments is a shield hit.
 */
class ShieldPrefetchWireTest {

    private static final String HOST = "news.localhost";

    @TempDir
    Path dir;
    private final ScriptedOrigin origin = new ScriptedOrigin();
    private final AtomicBoolean commentsCacheable = new AtomicBoolean();
    private EdgeNode shield;

    @BeforeEach
    void start() throws Exception {
        BlockHoundSetup.install();
        ServiceConfig s = Configs.service("news", 1, HOST, origin.port());
        ServiceConfig shielded = new ServiceConfig(s.id(), s.tenantId(), s.name(), s.version(), s.domains(),
                s.origins(), s.rules(), new ServiceSettings(null, true, List.of(), null));
        Path file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(shielded))));
        // While the shield learns, /comments is not stored, so the prefetch afterwards is what brings it in.
        origin.script(seen -> seen.uri().startsWith("/comments") && !commentsCacheable.get()
                ? ScriptedOrigin.Reply.ok("comments", "Cache-Control", "no-store")
                : ScriptedOrigin.Reply.ok("body of " + seen.uri(), "Cache-Control", "max-age=300"));
        shield = EdgeNode.start(EdgeSettings.builder().nodeId("shield-p").role(EdgeRole.SHIELD)
                .prefetch(PrefetchSettings.budget(100, 10_000_000))
                .allowedPrivateOrigins("127.0.0.1").listen("127.0.0.1", 0).adminListen("127.0.0.1", 0)
                .adminToken("t").configFile(file).build());
    }

    @AfterEach
    void stop() {
        shield.close();
        origin.close();
    }

    private int served;

    /**
     * One user's request, returned once the shield has finished with it (counted it, and so learned from it): the
     * client may see the response before the shield's bookkeeping ran, and the next request, on another connection,
     * could otherwise be learned first.
     */
    private Http.Response asUser(int user, String path) {
        Http.Response r = Http.get(shield.port(), HOST, path, "X-Forwarded-For", "198.51.100." + user);
        int expected = ++served;
        await(() -> requestsCounted() >= expected);
        return r;
    }

    private long requestsCounted() {
        long n = 0;
        for (String line : Http.get(shield.adminPort(), "admin", "/metrics", "Authorization", "Bearer t").body()
                .split("\n")) {
            if (line.startsWith("edge_requests_total{") && line.contains("service=\"news\"")) {
                n += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return n;
    }

    @Test
    void learnedSuccessor_isPrefetchedIntoTheShield_andTheUsersNextRequestHits() {
        // Three sessions of /article then /comments: the third makes the pair count 3 (minCount), after the third
        // /article, so nothing is prefetched yet.
        for (int user = 1; user <= 3; user++) {
            assertThat(asUser(user, "/article").status()).isEqualTo(200);
            assertThat(asUser(user, "/comments").status()).isEqualTo(200);
        }
        commentsCacheable.set(true);
        int before = origin.count("/comments");

        asUser(9, "/article");
        // Done once the shield counted the prefetch as fetched (stored), not merely once the origin saw it.
        await(() -> Http.get(shield.adminPort(), "admin", "/metrics", "Authorization", "Bearer t").body()
                .contains("edge_prefetch_total{outcome=\"fetched\",service=\"news\"} 1.0"));
        assertThat(origin.count("/comments")).isEqualTo(before + 1);
        ScriptedOrigin.Seen prefetch = origin.seen().stream().filter(x -> x.uri().equals("/comments"))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(prefetch.headers().get(ShieldPrefetcher.MARKER)).isEqualTo("1");

        Http.Response comments = asUser(9, "/comments");
        assertThat(comments.body()).isEqualTo("body of /comments");
        assertThat(comments.header("Cache-Status")).contains("hit");
        assertThat(origin.count("/comments")).as("the user's request did not reach the origin").isEqualTo(before + 1);
    }

    @Test
    void withoutPrefetching_nothingIsFetchedAhead() throws Exception {
        shield.close();
        shield = EdgeNode.start(EdgeSettings.builder().nodeId("shield-q").role(EdgeRole.SHIELD)
                .allowedPrivateOrigins("127.0.0.1").listen("127.0.0.1", 0).adminListen("127.0.0.1", 0)
                .adminToken("t").configFile(dir.resolve("edge.json")).build());
        for (int user = 1; user <= 4; user++) {
            asUser(user, "/article");
            asUser(user, "/comments");
        }
        int before = origin.count("/comments");
        asUser(9, "/article");
        // A later request to the shield is the barrier: anything the /article request started would be before it.
        asUser(9, "/other");
        assertThat(origin.count("/comments")).isEqualTo(before);
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 30 s").isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
