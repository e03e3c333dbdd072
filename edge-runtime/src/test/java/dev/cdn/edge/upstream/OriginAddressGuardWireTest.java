package dev.cdn.edge.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.config.Origin;
import dev.cdn.config.ServiceConfig;
import dev.cdn.config.ServiceSettings;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.settings.EdgeSettingsBuilder;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.ScriptedOrigin;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.cdn.config.IpLiterals;
import dev.cdn.config.PrivateOriginAllowList;
import java.util.Set;

/**
 * The SSRF check at connect time, on real sockets: the origin's name resolves (through a resolver the test
 * controls, as a rebinding attacker's DNS would) to 127.0.0.1 only when the edge connects; the edge refuses with a
 * 502 problem and a metric, and the origin listening there never sees a request.
 */
class OriginAddressGuardWireTest {

    static final String HOST = "guard.localhost";
    static final String REBINDING_NAME = "rebind.attacker.example";

    @TempDir
    Path dir;
    final ScriptedOrigin origin = new ScriptedOrigin();
    EdgeNode edge;

    @AfterEach
    void tearDown() {
        if (edge != null) {
            edge.close();
        }
        origin.close();
    }

    /** Resolves every name to 127.0.0.1: what a rebinding DNS answers once the control plane has looked away. */
    static AddressResolverGroup<InetSocketAddress> rebindingDns() {
        return new AddressResolverGroup<>() {
            @Override
            protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
                return new InetNameResolver(executor) {
                    @Override
                    protected void doResolve(String host, Promise<InetAddress> promise) {
                        promise.setSuccess(loopback());
                    }

                    @Override
                    protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
                        promise.setSuccess(List.of(loopback()));
                    }
                }.asAddressResolver();
            }
        };
    }

    static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    void start(String originHost, int originPort, String allowed, int adminPort) throws IOException {
        ServiceConfig service = new ServiceConfig("guard", "tenant-1", "guard", 1, List.of(HOST),
                List.of(new Origin("web", originHost, originPort, false, null, null, null, null, 1000, 2000)),
                List.of(), new ServiceSettings(null, false, List.of(), null));
        Path file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(service))));
        EdgeSettingsBuilder b = EdgeSettings.builder().nodeId("edge-1").listen("127.0.0.1", 0)
                .adminListen("127.0.0.1", adminPort).adminToken("secret").configFile(file)
                .originResolver(rebindingDns());
        if (allowed != null) {
            b.allowedPrivateOrigins(allowed);
        }
        edge = EdgeNode.start(b.build());
    }

    double refusedMetric(String kind) {
        String text = Http.get(edge.adminPort(), "a", "/metrics", "Authorization", "Bearer secret").body();
        Matcher m = Pattern.compile("edge_upstream_refused_address_total\\{[^}]*kind=\"" + kind + "\"[^}]*} ([0-9.eE+-]+)")
                .matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void originNameRebindingToLoopback_isRefusedAtConnect_with502ProblemAndMetric() throws IOException {
        start(REBINDING_NAME, origin.port(), null, 0);

        Http.Response response = Http.get(edge.port(), HOST, "/secret");

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"status\":502", REBINDING_NAME, "127.0.0.1", "loopback");
        assertThat(origin.count()).as("nothing reached the loopback listener").isZero();
        assertThat(refusedMetric("loopback")).isEqualTo(1.0);
    }

    @Test
    void loopbackLiteral_isRefused_unlessAllowListed_andThenOnlyOnItsPort() throws IOException {
        start("127.0.0.1", origin.port(), "127.0.0.1:" + (origin.port() + 1), 0);
        assertThat(Http.get(edge.port(), HOST, "/a").status()).isEqualTo(502);
        edge.close();

        start("127.0.0.1", origin.port(), "127.0.0.1:" + origin.port(), 0);
        assertThat(Http.get(edge.port(), HOST, "/a").status()).isEqualTo(200);
        assertThat(origin.count()).isEqualTo(1);
    }

    @Test
    void ownAdminListener_isRefused_evenWhenLoopbackIsAllowed() throws IOException {
        int adminPort = freePort();
        start(REBINDING_NAME, adminPort, "127.0.0.1", adminPort);

        Http.Response response = Http.get(edge.port(), HOST, "/purge", "Authorization", "Bearer secret");

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.body()).contains("own listener");
    }

    @Test
    void refusal_coversTheKindsAndSpellingsOfPrivateAddresses() {
        OriginAddressGuard guard = new OriginAddressGuard(PrivateOriginAllowList.NONE,
                () -> Set.of(9000), kind -> { });
        for (String address : List.of("127.0.0.1", "10.0.0.1", "169.254.169.254", "::1", "fd00:ec2::254",
                "64:ff9b::a00:1", "2002:a00:1::", "::ffff:10.0.0.1", "0.0.0.0", "224.0.0.1")) {
            InetSocketAddress remote = new InetSocketAddress(IpLiterals.parse(address).orElseThrow(), 80);
            assertThat(guard.refusal("o", remote)).as(address).isPresent();
        }
        assertThat(guard.refusal("o", new InetSocketAddress(
                IpLiterals.parse("93.184.216.34").orElseThrow(), 80))).isEmpty();
    }
}
