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
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
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
 * Live load from the fleet (docs/routing.md): platform-api on PostgreSQL, an edge in PoP fra sized for 3 client
 * connections and one in lhr, and the GeoDNS responder with the shipped sample files (where lhr is 95% loaded). A
 * resolver in Munich gets fra; once fra's edge holds its 3 connections it reports load 1 and answers move to lhr
 * (whose edge reports 0, replacing the file's 0.95); when the connections close they come back.
 */
class GeoDnsLiveLoadEndToEndTest {

    private static final String EDGE_TOKEN = "load-edge-token";
    private static final String OPERATOR_TOKEN = "load-operator-token";
    private static final String DOMAIN = "shop.load.localhost";
    private static final List<String> FRA = List.of("192.0.2.10", "192.0.2.11");
    private static final List<String> LHR = List.of("192.0.2.20");

    private final List<AutoCloseable> closing = new ArrayList<>();
    private GeoDns geodns;

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private EdgeNode edge(String pop, URI controlPlane, Path state, int capacity) {
        EdgeNode n = EdgeNode.start(TestEdges.onLoopback("edge-" + pop, EdgeRole.EDGE, pop, controlPlane, EDGE_TOKEN)
                .stateDir(state.resolve(pop))
                .loadCapacity(capacity).build());
        closing.add(n::close);
        return n;
    }

    private List<String> answer() {
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

    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(45), () -> "", condition);
    }

    @Test
    void aLoadedPop_losesItsAnswers_untilItsLoadFalls() throws Exception {
        ConfigurableApplicationContext api = TestControlPlane.start(EDGE_TOKEN, OPERATOR_TOKEN);
        closing.add(api::close);
        URI controlPlane = TestControlPlane.uri(api);
        Path state = ScratchDirs.create("dns-load-e2e");
        EdgeNode fra = edge("fra", controlPlane, state, 3);
        edge("lhr", controlPlane, state, 1_000);

        Http http = new Http(TestControlPlane.port(api));
        String session = TestTenants.signUp(http, "Load", "owner@load.test");
        TestTenants.activeService(http, session, "load", List.of(DOMAIN), 9);

        Path samples = Path.of("..", "examples", "geodns");
        Random random = new Random(11);
        geodns = GeoDns.start(new String[] {"--zone", "load.localhost", "--pops", samples.resolve("pops.txt").toString(),
                "--locations", samples.resolve("ip-locations.txt").toString(), "--dns-listen", "127.0.0.1:0",
                "--admin-listen", "127.0.0.1:0", "--admin-token", "admin", "--control-plane", controlPlane.toString(),
                "--operator-token", OPERATOR_TOKEN, "--poll-interval", "1", "--explore-share", "0"}, Map.of(), random::nextDouble);
        closing.add(geodns::close);
        await("the name answered with fra", () -> answer().equals(FRA));

        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(new Socket("127.0.0.1", fra.port()));
        }
        await("fra's full load moves answers to lhr", () -> answer().equals(LHR));
        assertThat(http.get("/v1/pops", OPERATOR_TOKEN).body()).contains("\"pop\":\"fra\"").contains("\"load\":1.0");

        for (Socket s : held) {
            s.close();
        }
        await("answers come back to fra once its load falls", () -> answer().equals(FRA));
    }
}
