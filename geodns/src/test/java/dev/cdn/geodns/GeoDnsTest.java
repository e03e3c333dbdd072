package dev.cdn.geodns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The assembled responder as {@code cdn-geodns} runs it: flags, file reloads, the explain endpoint, a lost control plane. */
class GeoDnsTest {

    static final String TOKEN = "admin-token-for-tests";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final JsonMapper JSON = JsonMapper.builder().build();

    Path dir;
    Path pops;
    GeoDns geodns;

    @BeforeEach
    void files() throws IOException {
        dir = Files.createTempDirectory("dns-geodns-test");
        pops = dir.resolve("pops.txt");
        Files.copy(Path.of("..", "examples", "geodns", "pops.txt"), pops);
        Files.copy(Path.of("..", "examples", "geodns", "ip-locations.txt"), dir.resolve("ip-locations.txt"));
    }

    @AfterEach
    void stop() throws IOException {
        if (geodns != null) {
            geodns.close();
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    GeoDns start(String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--zone", "cdn.localhost", "--pops", pops.toString(),
                "--locations", dir.resolve("ip-locations.txt").toString(), "--dns-listen", "127.0.0.1:0",
                "--admin-listen", "127.0.0.1:0", "--admin-token", TOKEN, "--host-names", "www.shop.localhost",
                "--poll-interval", "1", "--explore-share", "0"));
        args.addAll(List.of(extra));
        Random random = new Random(3);
        geodns = GeoDns.start(args.toArray(String[]::new), Map.of(), random::nextDouble);
        return geodns;
    }

    static List<String> answer(InetSocketAddress server, String name) throws IOException {
        Message q = Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.A, DClass.IN));
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            s.setSoTimeout(5_000);
            byte[] w = q.toWire();
            s.send(new DatagramPacket(w, w.length, server));
            byte[] buf = new byte[4_096];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            return new Message(Arrays.copyOf(buf, p.getLength())).getSection(Section.ANSWER).stream()
                    .map(r -> ((ARecord) r).getAddress().getHostAddress()).sorted().toList();
        }
    }

    HttpResponse<String> admin(String pathAndQuery, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + geodns.adminAddress().getPort() + pathAndQuery))
                .timeout(Duration.ofSeconds(5));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for a condition the poller makes true, within a bound; no fixed sleep. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for: %s", what).isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
    }

    @Test
    void explain_namesTheLocation_theCandidates_andTheAnswer() throws Exception {
        start();
        HttpResponse<String> r = admin("/explain?client=10.5.1.1&name=www.shop.localhost", TOKEN);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.at("/location/block").asString()).isEqualTo("10.5.0.0/16");
        assertThat(body.at("/location/country").asString()).isEqualTo("JP");
        assertThat(body.at("/rcode").asString()).isEqualTo("NOERROR");
        assertThat(body.at("/answer/pop").asString()).isEqualTo("nrt");
        assertThat(body.at("/answer/addresses/0").asString()).isEqualTo("203.0.113.10");
        assertThat(body.at("/answer/ttl").asInt()).isEqualTo(30);
        JsonNode first = body.at("/candidates/0");
        assertThat(first.at("/pop").asString()).isEqualTo("nrt");
        assertThat(first.at("/health").asString()).isEqualTo("up");
        assertThat(first.at("/distanceKm").asDouble()).isBetween(50.0, 70.0);
        assertThat(first.at("/costMs").asDouble()).isEqualTo(first.at("/distanceMs").asDouble() + 6, org.assertj.core.data.Offset.offset(0.11));
        assertThat(body.at("/candidates")).hasSize(6);
    }

    @Test
    void explain_refusesBadInput_namingTheField_andAnonymousCallers() throws Exception {
        start();
        HttpResponse<String> noClient = admin("/explain?name=www.shop.localhost", TOKEN);
        HttpResponse<String> badClient = admin("/explain?client=example.com&name=www.shop.localhost", TOKEN);
        HttpResponse<String> noName = admin("/explain?client=10.5.1.1", TOKEN);
        HttpResponse<String> badType = admin("/explain?client=10.5.1.1&name=x&type=MX", TOKEN);

        for (var pair : List.of(Map.entry(noClient, "client"), Map.entry(badClient, "client"), Map.entry(noName, "name"),
                Map.entry(badType, "type"))) {
            assertThat(pair.getKey().statusCode()).isEqualTo(400);
            assertThat(pair.getKey().headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(JSON.readTree(pair.getKey().body()).at("/field").asString()).isEqualTo(pair.getValue());
        }
        assertThat(admin("/explain?client=10.5.1.1&name=www.shop.localhost", null).statusCode()).isEqualTo(401);
        assertThat(admin("/metrics", "wrong").statusCode()).isEqualTo(401);
        assertThat(admin("/healthz", null).statusCode()).isEqualTo(200);
    }

    @Test
    void changedPopFile_isAppliedWithoutARestart_andABadOneIsNot() throws Exception {
        start();
        assertThat(answer(geodns.dnsAddress(), "www.shop.localhost")).containsExactly("192.0.2.10", "192.0.2.11");

        Files.writeString(pops, Files.readString(pops).replace("load=0.40 latency=4", "load=0.40 latency=4 drained"));
        Files.setLastModifiedTime(pops, FileTime.from(Instant.now().plusSeconds(5)));
        await("fra drained", () -> geodns.snapshot().pops().stream().anyMatch(p -> p.name().equals("fra") && p.drained()));
        // Munich without fra: lhr (300 km more, 50 ms of load) is still the nearest by cost.
        assertThat(answer(geodns.dnsAddress(), "www.shop.localhost")).containsExactly("192.0.2.20");

        Files.writeString(pops, "this is not a PoP file\n");
        Files.setLastModifiedTime(pops, FileTime.from(Instant.now().plusSeconds(10)));
        await("the bad file is refused", () -> geodns.registry().find("geodns_file_reload_failures").counter().count() >= 1);
        assertThat(answer(geodns.dnsAddress(), "www.shop.localhost")).containsExactly("192.0.2.20");
    }

    @Test
    void unreachableControlPlane_keepsServing_andSaysSoInAMetric() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        start("--control-plane", "http://127.0.0.1:" + closed, "--operator-token", "op");
        await("a failed poll", () -> geodns.registry().find("geodns_control_plane_polls").tag("outcome", "unreachable").counter() != null);

        assertThat(answer(geodns.dnsAddress(), "www.shop.localhost")).containsExactly("192.0.2.10", "192.0.2.11");
        String metrics = admin("/metrics", TOKEN).body();
        assertThat(metrics).contains("geodns_control_plane_stale 1.0");
        assertThat(metrics).contains("geodns_queries_total{rcode=\"NOERROR\"");
    }

    @Test
    void idleTcpConnection_isClosedAfterTheIdleBound() throws Exception {
        start("--tcp-idle-seconds", "1");
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(geodns.dnsAddress(), 5_000);
            s.setSoTimeout(10_000);
            long t0 = System.nanoTime();

            assertThat(s.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(800), Duration.ofSeconds(8));
        }
    }

    @Test
    void badFlags_areRefused_namingTheFlag() {
        assertThatThrownBy(() -> GeoDnsSettings.parse(new String[] {"--pops", "p", "--locations", "l", "--admin-token", "t"}, Map.of()))
                .hasMessageContaining("--zone");
        assertThatThrownBy(() -> GeoDnsSettings.parse(new String[] {"--zone", "z.localhost", "--pops", "p", "--locations", "l",
                "--admin-token", "t", "--poll-interval", "0"}, Map.of())).hasMessageContaining("--poll-interval");
        assertThatThrownBy(() -> GeoDnsSettings.parse(new String[] {"--zone", "z.localhost", "--pops", "p", "--locations", "l",
                "--admin-token", "t", "--control-plane", "http://127.0.0.1:1"}, Map.of())).hasMessageContaining("--operator-token");
        assertThatThrownBy(() -> GeoDnsSettings.parse(new String[] {"--zone", "z.localhost", "--bogus", "1"}, Map.of()))
                .hasMessageContaining("--bogus");
        assertThatThrownBy(() -> GeoDnsSettings.parse(new String[] {"--zone", "z.localhost", "--pops", "p", "--locations", "l",
                "--admin-token", "t", "--explore-share", "0.9"}, Map.of())).hasMessageContaining("explore share");
    }
}
