package dev.cdn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.role.EdgeRole;
import dev.cdn.geodns.GeoDns;
import dev.cdn.testsupport.ScratchDirs;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Client routing against the real control plane: platform-api on PostgreSQL, an edge in PoP fra and one in lhr,
 * and the GeoDNS responder reading PoP health and host names from the API with the shipped sample files. A
 * resolver on 127.0.0.1 (Munich in the sample) is sent to fra while fra's edge is connected, to lhr once it is
 * gone, and keeps getting lhr when the control plane itself goes away.
 */
class GeoDnsEndToEndTest {

    private static final String EDGE_TOKEN = "geodns-edge-token";
    private static final String OPERATOR_TOKEN = "geodns-operator-token";
    private static final String ADMIN_TOKEN = "geodns-admin";
    private static final String DOMAIN = "shop.geo.localhost";
    private static final List<String> FRA = List.of("192.0.2.10", "192.0.2.11");
    private static final List<String> LHR = List.of("192.0.2.20");

    private static ConfigurableApplicationContext api;
    private static EdgeNode fra;
    private static EdgeNode lhr;
    private static GeoDns geodns;
    private static Path state;

    @BeforeAll
    static void start() throws Exception {
        api = TestControlPlane.start(EDGE_TOKEN, OPERATOR_TOKEN);
        URI controlPlane = TestControlPlane.uri(api);
        state = ScratchDirs.create("dns-geodns-e2e");
        fra = edge("fra", controlPlane);
        lhr = edge("lhr", controlPlane);

        Http http = new Http(TestControlPlane.port(api));
        String session = TestTenants.signUp(http, "Geo", "owner@geo.test");
        TestTenants.activeService(http, session, "geo", List.of(DOMAIN), 9);

        Path samples = Path.of("..", "examples", "geodns");
        Random random = new Random(11);
        geodns = GeoDns.start(new String[] {"--zone", "geo.localhost", "--pops", samples.resolve("pops.txt").toString(),
                "--locations", samples.resolve("ip-locations.txt").toString(), "--dns-listen", "127.0.0.1:0",
                "--admin-listen", "127.0.0.1:0", "--admin-token", ADMIN_TOKEN, "--control-plane", controlPlane.toString(),
                "--operator-token", OPERATOR_TOKEN, "--poll-interval", "1", "--explore-share", "0"}, Map.of(), random::nextDouble);
    }

    private static EdgeNode edge(String pop, URI controlPlane) throws Exception {
        return EdgeNode.start(TestEdges.onLoopback("edge-" + pop, EdgeRole.EDGE, pop, controlPlane, EDGE_TOKEN)
                .stateDir(state.resolve(pop)).build());
    }

    @AfterAll
    static void stop() {
        if (geodns != null) {
            geodns.close();
        }
        if (lhr != null) {
            lhr.close();
        }
        if (fra != null) {
            fra.close();
        }
        if (api != null) {
            api.close();
        }
        ScratchDirs.deleteQuietly(state);
    }

    /** The answer to an A query from 127.0.0.1, or the response code when it is not NOERROR. */
    private static List<String> answer() {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            s.setSoTimeout(5_000);
            byte[] w = Message.newQuery(Record.newRecord(Name.fromString(DOMAIN + "."), Type.A, DClass.IN)).toWire();
            s.send(new DatagramPacket(w, w.length, geodns.dnsAddress()));
            byte[] buf = new byte[4_096];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            Message m = new Message(Arrays.copyOf(buf, p.getLength()));
            if (m.getRcode() != Rcode.NOERROR) {
                return List.of(Rcode.string(m.getRcode()));
            }
            return m.getSection(Section.ANSWER).stream().map(r -> ((ARecord) r).getAddress().getHostAddress()).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String admin(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + geodns.adminAddress().getPort() + path)).header("Authorization", "Bearer " + ADMIN_TOKEN)
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(45), () -> "", condition);
    }

    @Test
    void answersFollowTheFleet_andOutliveTheControlPlane() {
        await("the service's name answered with fra", () -> answer().equals(FRA));
        assertThat(admin("/explain?client=127.0.0.1&name=" + DOMAIN))
                .contains("\"pop\":\"fra\",\"health\":\"up\"").contains("\"pop\":\"iad\",\"health\":\"no-connected-edge\"");

        fra.close();
        fra = null;
        await("fra dropped once its edge is gone", () -> answer().equals(LHR));
        assertThat(admin("/explain?client=127.0.0.1&name=" + DOMAIN)).contains("\"pop\":\"fra\",\"health\":\"no-connected-edge\"");

        api.close();
        api = null;
        await("the lost control plane shows in the metrics", () -> admin("/metrics").contains("geodns_control_plane_stale 1.0"));
        assertThat(answer()).isEqualTo(LHR);
    }
}
