package dev.cdn.edge.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.settings.EdgeSettingsBuilder;
import dev.cdn.edge.support.Await;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.DiskObjects;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.MutableClock;
import dev.cdn.edge.support.OpenDescriptors;
import dev.cdn.edge.support.ScriptedOrigin;
import dev.cdn.edge.support.ScriptedOrigin.Reply;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.cdn.edge.support.BlockHoundSetup;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** The disk tier on real sockets: restarts, disk hits sent from the file, purges that reach the disk. */
class DiskTierWireTest {

    static final String HOST = "demo.localhost";
    /** Larger than the smallest RAM tier (1 MiB) can hold: always a disk hit once on disk. */
    static final String BIG_BODY = "b".repeat(1536 * 1024);

    @TempDir
    Path dir;
    ScriptedOrigin origin;
    EdgeNode edge;
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @BeforeAll
    static void blockHound() {
        BlockHoundSetup.install(); // a disk hit's send never blocks an event loop
    }

    @BeforeEach
    void setUp() throws IOException {
        origin = new ScriptedOrigin();
        origin.script(s -> Reply.ok(s.uri().startsWith("/big") ? BIG_BODY : "body of " + s.uri(), "Cache-Control",
                "max-age=60", "ETag", "\"v1\"", "Surrogate-Key", "tag-" + s.uri().substring(1)));
        Files.write(dir.resolve("edge.json"), ConfigCodec.writeBytes(new EdgeConfig(List.of(
                Configs.service("demo", 1, HOST, origin.port())))));
    }

    @AfterEach
    void tearDown() {
        if (edge != null) {
            edge.close();
        }
        origin.close();
    }

    void start() {
        start(EdgeSettings.builder());
    }

    /** With the smallest RAM tier: a {@code /big} object is then always a disk hit after a restart. */
    void startWithoutRoomInRam() {
        start(EdgeSettings.builder().memoryBytes(1024 * 1024));
    }

    void start(EdgeSettingsBuilder settings) {
        if (edge != null) {
            edge.close();
        }
        edge = EdgeNode.start(settings.listen("127.0.0.1", 0).adminListen("127.0.0.1", 0)
                .allowedPrivateOrigins("127.0.0.1")
                .adminToken("secret").configFile(dir.resolve("edge.json")).clock(clock)
                .diskDir(dir.resolve("disk")).diskBytes(8 * 1024 * 1024).build());
    }

    Http.Response get(String path, String... headers) {
        return Http.get(edge.port(), HOST, path, headers);
    }

    void awaitOnDisk(int objects) throws InterruptedException {
        Await.until(() -> DiskObjects.published(dir.resolve("disk")).size() == objects);
    }

    @Test
    void afterARestart_freshObjectsAreServedFromDisk_withoutAnOriginRequest() throws Exception {
        start();
        assertThat(get("/a").header("X-Cache")).isEqualTo("MISS");
        awaitOnDisk(1);
        start();
        Http.Response r = get("/a");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("body of /a");
        assertThat(r.header("X-Cache")).isEqualTo("HIT");
        assertThat(r.header("Cache-Status")).isEqualTo("edge-1; hit; ttl=60; detail=disk");
        assertThat(r.header("Content-Length")).isEqualTo("10");
        assertThat(origin.count("/a")).isEqualTo(1);
    }

    Path onlyObjectFile() {
        return DiskObjects.published(dir.resolve("disk")).stream().findFirst().orElseThrow();
    }

    String metrics() {
        return Http.get(edge.adminPort(), "127.0.0.1", "/metrics", "Authorization", "Bearer secret").body();
    }

    @Test
    @Tag("fault")
    void corruptedDiskObject_afterARestart_isAMissFromTheOrigin_andIsCounted() throws Exception {
        start();
        get("/a");
        awaitOnDisk(1);
        edge.close();
        edge = null;
        Path file = onlyObjectFile();
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 3] ^= 0x20; // "body of /a" becomes "body of/a"-like garbage of the same length
        Files.write(file, bytes);
        start();
        Http.Response r = get("/a");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("body of /a");
        assertThat(r.header("X-Cache")).isEqualTo("MISS");
        assertThat(origin.count("/a")).isEqualTo(2);
        assertThat(metrics()).contains("edge_disk_corrupt_total 1.0");
    }

    @Test
    @Tag("fault")
    void truncatedDiskObject_whileRunning_isAMissFromTheOrigin_andIsCounted() throws Exception {
        start();
        get("/a");
        awaitOnDisk(1);
        start(); // a restart, so the object is served from disk (not RAM)
        Path file = onlyObjectFile();
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 4));
        Http.Response r = get("/a");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("body of /a");
        assertThat(r.header("X-Cache")).isEqualTo("MISS");
        assertThat(metrics()).contains("edge_disk_corrupt_total 1.0");
    }

    @Test
    @Tag("fault")
    void truncatedDiskObject_whileItsFileIsKeptOpen_isAMissFromTheOrigin_andIsCounted() throws Exception {
        start();
        get("/big-a");
        awaitOnDisk(1);
        startWithoutRoomInRam();
        assertThat(get("/big-a").header("Cache-Status")).endsWith("detail=disk");
        assertThat(get("/big-a").header("Cache-Status")).endsWith("detail=disk");
        assertThat(metrics()).as("the second disk hit opened nothing").contains("edge_disk_file_opens_total 1.0")
                .contains("edge_disk_open_files 1.0");
        Path file = onlyObjectFile();
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 4));
        Http.Response r = get("/big-a");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(BIG_BODY);
        assertThat(r.header("X-Cache")).isEqualTo("MISS");
        assertThat(metrics()).contains("edge_disk_corrupt_total 1.0");
    }

    @Test
    void aPurgedDiskObject_leavesNoDescriptorOnItsDeletedFile() throws Exception {
        start();
        get("/big-p");
        awaitOnDisk(1);
        startWithoutRoomInRam();
        for (int i = 0; i < 3; i++) {
            assertThat(get("/big-p").header("Cache-Status")).endsWith("detail=disk");
        }
        Path file = onlyObjectFile();
        assertThat(OpenDescriptors.on(file)).as("kept open between hits").isEqualTo(1);
        Http.Response purge = Http.request(HttpMethod.POST, edge.adminPort(), "admin", "/purge",
                "{\"serviceId\":\"demo\",\"kind\":\"url\",\"values\":[\"http://demo.localhost/big-p\"]}",
                "Authorization", "Bearer secret");
        assertThat(purge.body()).contains("\"count\":1");
        Await.until(() -> OpenDescriptors.on(file) == 0); // closed, so the deleted file's space is given back
        assertThat(get("/big-p").header("X-Cache")).isEqualTo("MISS");
    }


    @Test
    void diskHit_honoursRangesConditionalsAndHead() throws Exception {
        start();
        get("/r");
        awaitOnDisk(1);
        start();
        Http.Response range = get("/r", "Range", "bytes=5-6");
        assertThat(range.status()).isEqualTo(206);
        assertThat(range.body()).isEqualTo("of");
        assertThat(get("/r", "If-None-Match", "\"v1\"").status()).isEqualTo(304);
        Http.Response head = Http.request(HttpMethod.HEAD, edge.port(), HOST, "/r", null);
        assertThat(head.header("Content-Length")).isEqualTo("10");
        assertThat(head.body()).isEmpty();
        assertThat(origin.count("/r")).isEqualTo(1);
    }

    @Test
    void staleObjectOnDisk_isRevalidated_withItsValidators() throws Exception {
        origin.script(s -> "\"v1\"".equals(s.headers().get("If-None-Match"))
                ? Reply.of(304, "", "Cache-Control", "max-age=60", "ETag", "\"v1\"")
                : Reply.ok("disk body", "Cache-Control", "max-age=60", "ETag", "\"v1\""));
        start();
        get("/s");
        awaitOnDisk(1);
        start();
        clock.advance(Duration.ofSeconds(61));
        Http.Response r = get("/s");
        assertThat(r.header("X-Cache")).isEqualTo("REVALIDATED");
        assertThat(r.body()).isEqualTo("disk body");
        assertThat(origin.count("/s")).isEqualTo(2);
    }

    @Test
    void purgeByTag_afterARestart_reachesTheDisk() throws Exception {
        start();
        get("/1");
        get("/2");
        awaitOnDisk(2);
        start();
        Http.Response purge = Http.request(HttpMethod.POST, edge.adminPort(), "admin", "/purge",
                "{\"serviceId\":\"demo\",\"kind\":\"tag\",\"values\":[\"tag-1\"]}", "Authorization", "Bearer secret");
        assertThat(purge.body()).contains("\"count\":1");
        assertThat(get("/1").header("X-Cache")).isEqualTo("MISS");
        assertThat(get("/2").header("X-Cache")).isEqualTo("HIT");
        assertThat(origin.count("/1")).isEqualTo(2);
    }

    @Test
    void purgeOfAnObjectInBothTiers_countsItOnce_andRemovesItFromBoth() throws Exception {
        start();
        get("/both");
        awaitOnDisk(1);
        Http.Response purge = Http.request(HttpMethod.POST, edge.adminPort(), "admin", "/purge",
                "{\"serviceId\":\"demo\",\"kind\":\"url\",\"values\":[\"http://demo.localhost/both\"]}",
                "Authorization", "Bearer secret");
        assertThat(purge.body()).contains("\"count\":1");
        awaitOnDisk(0);
        start();
        assertThat(get("/both").header("X-Cache")).isEqualTo("MISS");
    }

    @Test
    void softPurge_onDisk_survivesARestart() throws Exception {
        start();
        get("/soft");
        awaitOnDisk(1);
        Http.request(HttpMethod.POST, edge.adminPort(), "admin", "/purge",
                "{\"serviceId\":\"demo\",\"kind\":\"prefix\",\"values\":[\"http://demo.localhost/so\"],\"soft\":true}",
                "Authorization", "Bearer secret");
        // The mark is persisted by rewriting the file: wait for the rewrite to land before restarting.
        Await.until(() -> edge != null && Files.exists(dir.resolve("disk")) && softMarkedOnDisk());
        start();
        assertThat(get("/soft").header("X-Cache")).isEqualTo("EXPIRED");
    }

    boolean softMarkedOnDisk() {
        return DiskObjects.anyHolds(dir.resolve("disk"), "\"invalidated\":true");
    }
}
