package dev.cdn.edge;

import dev.cdn.edge.role.EdgeRole;
import dev.cdn.edge.settings.EdgeSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdn.edge.upstream.HealthSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class EdgeSettingsAndMainTest {

    @Test
    void builder_validatesEachSettingWithAPreciseMessage() {
        assertThatThrownBy(() -> EdgeSettings.builder().nodeId("a b")).hasMessageContaining("nodeId");
        assertThatThrownBy(() -> EdgeSettings.builder().listen("127.0.0.1", 70000)).hasMessageContaining("listen port");
        assertThatThrownBy(() -> EdgeSettings.builder().memoryBytes(10)).hasMessageContaining("memoryBytes");
        assertThatThrownBy(() -> EdgeSettings.builder().shield(URI.create("ftp://x"))).hasMessageContaining("shield");
        assertThatThrownBy(() -> EdgeSettings.builder().adminToken("t").build()).hasMessageContaining("configFile");
        assertThatThrownBy(() -> EdgeSettings.builder().configFile(Path.of("x")).build()).hasMessageContaining("adminToken");
        assertThatThrownBy(() -> EdgeSettings.builder().adminToken("t").configFile(Path.of("x"))
                .controlPlane(URI.create("http://cp"), "tok").build()).hasMessageContaining("exclusive");
        assertThatThrownBy(() -> HealthSettings.builder().checkInterval(java.time.Duration.ZERO))
                .hasMessageContaining("checkInterval must be positive");
        assertThatThrownBy(() -> HealthSettings.builder().unhealthyAfter(0))
                .hasMessageContaining("unhealthyAfter must be between 1 and 100");
    }

    @Test
    void parse_geoFileFlag() {
        EdgeSettings s = EdgeMain.parse(new String[] {"--config", "e.json", "--admin-token", "a",
                "--geo-file", "ops/geo-sample.csv"}, Map.of());
        assertThat(s.geoFile()).contains(java.nio.file.Path.of("ops/geo-sample.csv"));
    }

    @Test
    void parse_healthCheckFlags() {
        EdgeSettings s = EdgeMain.parse(new String[] {"--config", "e.json", "--admin-token", "a",
                "--health-interval", "7", "--health-timeout=1500"}, Map.of());
        assertThat(s.health().checkInterval()).isEqualTo(java.time.Duration.ofSeconds(7));
        assertThat(s.health().checkTimeout()).isEqualTo(java.time.Duration.ofMillis(1500));
        assertThat(s.health().unhealthyAfter()).isEqualTo(3);
        assertThatThrownBy(() -> EdgeMain.parse(new String[] {"--config", "e.json", "--admin-token", "a",
                "--health-interval", "soon"}, Map.of())).hasMessage("--health-interval must be a number of seconds, got 'soon'");
    }

    @Test
    void parse_bulkheadFlags_andTheSharesDefaultToAQuarterOfThePool() {
        EdgeSettings defaults = EdgeMain.parse(new String[] {"--config", "e.json", "--admin-token", "a",
                "--upstream-connections", "40"}, Map.of());
        assertThat(defaults.bulkheads()).isEqualTo(new dev.cdn.edge.upstream.BulkheadSettings(40, 10, 10, 10));
        EdgeSettings s = EdgeMain.parse(new String[] {"--config", "e.json", "--admin-token", "a",
                "--upstream-service-connections", "50", "--upstream-origin-connections=20",
                "--upstream-service-queue", "0"}, Map.of());
        assertThat(s.bulkheads()).isEqualTo(new dev.cdn.edge.upstream.BulkheadSettings(1000, 50, 20, 0));
        EdgeSettings followsTheShare = EdgeMain.parse(new String[] {"--config", "e.json", "--admin-token", "a",
                "--upstream-service-connections", "600"}, Map.of());
        assertThat(followsTheShare.bulkheads())
                .isEqualTo(new dev.cdn.edge.upstream.BulkheadSettings(1000, 600, 600, 600));
        assertThatThrownBy(() -> EdgeMain.parse(new String[] {"--config", "e.json", "--admin-token", "a",
                "--upstream-service-connections", "0"}, Map.of()))
                .hasMessage("serviceConnections must be between 1 and 100000, got 0");
    }

    int run(String... args) {
        return EdgeMain.run(args, Map.of(), new PrintStream(out), new PrintStream(err));
    }

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void help_listsEveryFlag_andExits0() {
        assertThat(run("--help")).isZero();
        String usage = out.toString(StandardCharsets.UTF_8);
        for (String flag : new String[] {"--config", "--control-plane", "--edge-token", "--listen", "--admin-listen",
                "--admin-token", "--node-id", "--role", "--pop", "--shield", "--state-dir", "--memory",
                "--memory-files",
                "--health-interval", "--health-timeout", "--upstream-connections", "--upstream-service-connections",
                "--upstream-origin-connections", "--upstream-service-queue", "--fleet-cert-names", "--help"}) {
            assertThat(usage).contains(flag);
        }
    }

    @Test
    void nettyDefaults_turnLeakDetectionOff_unlessTheJvmWasGivenALevel() {
        Properties plain = new Properties();
        EdgeMain.nettyDefaults(plain);
        assertThat(plain).containsEntry("io.netty.leakDetection.level", "disabled")
                .containsEntry("io.netty.tryReflectionSetAccessible", "true");

        Properties given = new Properties();
        given.setProperty("io.netty.leakDetection.level", "paranoid");
        given.setProperty("io.netty.tryReflectionSetAccessible", "false");
        EdgeMain.nettyDefaults(given);
        assertThat(given).containsEntry("io.netty.leakDetection.level", "paranoid")
                .containsEntry("io.netty.tryReflectionSetAccessible", "false");

        Properties legacyName = new Properties();
        legacyName.setProperty("io.netty.leakDetectionLevel", "simple");
        EdgeMain.nettyDefaults(legacyName);
        assertThat(legacyName).doesNotContainKey("io.netty.leakDetection.level");
    }

    @Test
    void badFlag_exits2WithMessage() {
        assertThat(run("--bogus", "x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option '--bogus'");
        assertThat(run("--config", "x.json", "--admin-token", "t", "--listen", "nope")).isEqualTo(2);
        assertThat(run("--control-plane", "http://cp", "--admin-token", "t")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("CDN_EDGE_TOKEN");
    }

    @Test
    void portInUse_exits1NamingHostAndPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Path file = Path.of("target", "empty-edge.json");
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.writeString(file, "{\"services\":[]}");
            int code = run("--config", file.toString(), "--admin-token", "t",
                    "--listen", "127.0.0.1:" + taken.getLocalPort(), "--admin-listen", "127.0.0.1:0");
            assertThat(code).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void parse_fleetCertNames_forAShieldWithAControlPlaneOnly() {
        EdgeSettings s = EdgeMain.parse(new String[] {"--control-plane", "http://127.0.0.1:7000", "--role", "shield",
                "--fleet-cert-names", "shield-eu-0123.elb.amazonaws.com, 10.0.1.5"},
                Map.of("CDN_EDGE_TOKEN", "e", "CDN_ADMIN_TOKEN", "a"));
        assertThat(s.fleetCertNames()).containsExactly("shield-eu-0123.elb.amazonaws.com", "10.0.1.5");
        assertThatThrownBy(() -> EdgeMain.parse(new String[] {"--control-plane", "http://127.0.0.1:7000",
                "--fleet-cert-names", "a.example"}, Map.of("CDN_EDGE_TOKEN", "e", "CDN_ADMIN_TOKEN", "a")))
                .hasMessageContaining("fleetCertNames is for a shield");
        assertThatThrownBy(() -> EdgeMain.parse(new String[] {"--config", "e.json", "--admin-token", "a",
                "--role", "shield", "--fleet-cert-names", "a.example"}, Map.of()))
                .hasMessageContaining("fleetCertNames is for a shield");
        assertThatThrownBy(() -> EdgeMain.parse(new String[] {"--control-plane", "http://127.0.0.1:7000",
                "--role", "shield", "--fleet-cert-names", "*.elb.amazonaws.com"},
                Map.of("CDN_EDGE_TOKEN", "e", "CDN_ADMIN_TOKEN", "a"))).hasMessageContaining("no wildcards");
    }

    @Test
    void parse_readsFlagsAndEnv() {
        EdgeSettings s = EdgeMain.parse(new String[] {"--control-plane", "http://127.0.0.1:7000", "--role", "shield",
                "--listen=0.0.0.0:8081", "--memory", "64", "--node-id", "sh-1"}, Map.of("CDN_EDGE_TOKEN", "e", "CDN_ADMIN_TOKEN", "a"));
        assertThat(s.role()).isEqualTo(EdgeRole.SHIELD);
        assertThat(s.listenHost()).isEqualTo("0.0.0.0");
        assertThat(s.listenPort()).isEqualTo(8081);
        assertThat(s.memoryBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(s.edgeToken()).isEqualTo("e");
        assertThat(s.adminToken()).isEqualTo("a");
        assertThat(s.allowedPrivateOrigins().isEmpty()).as("nothing private is reachable by default").isTrue();
    }

    @Test
    void parse_readsTheAllowedPrivateOrigins_fromEnvOrFlag_andNamesABadEntry() {
        EdgeSettings fromEnv = EdgeMain.parse(new String[] {"--config", "e.json", "--admin-token", "t"},
                Map.of("CDN_ALLOWED_PRIVATE_ORIGINS", "127.0.0.1:8090"));
        assertThat(fromEnv.allowedPrivateOrigins().toString()).isEqualTo("127.0.0.1:8090");
        EdgeSettings fromFlag = EdgeMain.parse(new String[] {"--config", "e.json", "--admin-token", "t",
                "--allowed-private-origins", "[::1]:9000-9010"}, Map.of("CDN_ALLOWED_PRIVATE_ORIGINS", "10.0.0.1"));
        assertThat(fromFlag.allowedPrivateOrigins().toString()).isEqualTo("[::1]:9000-9010");
        assertThatThrownBy(() -> EdgeMain.parse(new String[] {"--config", "e.json", "--admin-token", "t",
                "--allowed-private-origins", "127.0.0.1:0"}, Map.of())).hasMessageContaining("127.0.0.1:0");
    }

    @Test
    void parse_readsDiskFlags_andRejectsBadValues() {
        EdgeSettings s = EdgeMain.parse(new String[] {"--config", "edge.json", "--admin-token", "t",
                "--disk-dir", "/var/cache/edge", "--disk", "2048"}, Map.of());
        assertThat(s.diskDir()).hasValue(java.nio.file.Path.of("/var/cache/edge"));
        assertThat(s.diskBytes()).isEqualTo(2048L * 1024 * 1024);
        assertThat(EdgeMain.parse(new String[] {"--config", "e.json", "--admin-token", "t"}, Map.of()).diskDir()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EdgeMain.parse(
                        new String[] {"--config", "e.json", "--admin-token", "t", "--disk", "lots"}, Map.of()))
                .hasMessageContaining("--disk must be a number of MiB");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EdgeSettings.builder().diskBytes(10))
                .hasMessageContaining("diskBytes must be at least 1 MiB");
    }

    @Test
    void upstreamTimeoutFlags_setTheHopBounds_andDefaultToSeconds() {
        EdgeSettings defaults = EdgeMain.parse(new String[] {"--config", "e.json", "--admin-token", "t"}, Map.of());
        assertThat(defaults.upstreamTimeouts().firstByte()).isLessThanOrEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(defaults.upstreamTimeouts().connect()).isLessThanOrEqualTo(java.time.Duration.ofSeconds(3));
        assertThat(defaults.shieldDown()).isEqualTo(dev.cdn.edge.upstream.ShieldDownPolicy.ORIGIN);
        EdgeSettings s = EdgeMain.parse(new String[] {"--config", "e.json", "--admin-token", "t",
                "--upstream-connect-timeout", "700", "--upstream-first-byte-timeout=4000",
                "--upstream-idle-timeout", "2500", "--stale-if-error-timeout", "800", "--shield-down", "fail"}, Map.of());
        assertThat(s.upstreamTimeouts()).isEqualTo(new dev.cdn.edge.upstream.UpstreamTimeouts(
                java.time.Duration.ofMillis(700), java.time.Duration.ofMillis(4000), java.time.Duration.ofMillis(2500),
                java.time.Duration.ofMillis(800)));
        assertThat(s.shieldDown()).isEqualTo(dev.cdn.edge.upstream.ShieldDownPolicy.FAIL);
        assertThatThrownBy(() -> EdgeMain.parse(new String[] {"--config", "e.json", "--admin-token", "t",
                "--upstream-first-byte-timeout", "0"}, Map.of()))
                .hasMessageContaining("--upstream-first-byte-timeout");
        assertThatThrownBy(() -> EdgeMain.parse(new String[] {"--config", "e.json", "--admin-token", "t",
                "--shield-down", "maybe"}, Map.of()))
                .hasMessageContaining("--shield-down must be origin or fail");
    }

    @Test
    void firstByteBound_isTheShorterOfOriginAndNode_plusConnectTowardsAShield_andShortWithAStaleCopy() {
        var t = new dev.cdn.edge.upstream.UpstreamTimeouts(java.time.Duration.ofSeconds(2),
                java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(10), java.time.Duration.ofMillis(1500));
        var origin = new dev.cdn.edge.upstream.UpstreamTarget("o", 80, false, null, 5000, 30_000, null, null,
                dev.cdn.edge.upstream.RouteStep.ORIGIN);
        var slowConfigured = new dev.cdn.edge.upstream.UpstreamTarget("o", 80, false, null, 1000, 4000, null, null,
                dev.cdn.edge.upstream.RouteStep.ORIGIN);
        var shieldHealth = new dev.cdn.edge.upstream.ShieldHealth("s:80", dev.cdn.edge.upstream.HealthSettings.DEFAULTS,
                java.time.Clock.systemUTC(), (name, outcome) -> { });
        var shield = new dev.cdn.edge.upstream.UpstreamTarget("s", 80, false, null, 5000, 30_000, shieldHealth, null,
                dev.cdn.edge.upstream.RouteStep.PRIMARY);
        assertThat(t.firstByte(origin, false)).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(t.firstByte(slowConfigured, false)).isEqualTo(java.time.Duration.ofSeconds(4));
        assertThat(t.connectMs(slowConfigured)).isEqualTo(1000);
        assertThat(t.firstByte(shield, false)).isEqualTo(java.time.Duration.ofSeconds(12));
        assertThat(t.firstByte(shield, true)).isEqualTo(java.time.Duration.ofMillis(1500));
    }
}
