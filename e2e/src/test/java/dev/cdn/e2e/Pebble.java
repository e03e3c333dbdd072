package dev.cdn.e2e;

import dev.cdn.testsupport.TestPki;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's {@code pebble} ACME test server (RFC 8555) and its {@code pebble-challtestsrv} as the DNS server it
 * resolves names with, started by a test on 127.0.0.1 with ports of their own. Every name resolves to 127.0.0.1
 * (no AAAA), so pebble's HTTP-01 validation reaches the edge's plain listener at {@code httpPort}. Pebble serves
 * its API over TLS with a certificate for {@code localhost} from a throwaway CA: {@link #trustBundle()}.
 */
final class Pebble implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/pebble");
    static final Path DNS_BINARY = Path.of("/usr/bin/pebble-challtestsrv");

    private final Path dir;
    private final int port;
    private final int dnsPort;
    private final int dnsManagementPort;
    private final Path trustBundle;
    private final Path log;
    private Process dns;
    private Process pebble;

    static boolean installed() {
        return Files.isExecutable(BINARY) && Files.isExecutable(DNS_BINARY);
    }

    /** Prepares the servers' files and ports ({@link #directory()} is known from here); {@link #start} runs them. */
    Pebble(Path dir) throws Exception {
        this.dir = Files.createDirectories(dir);
        TestPki.Issued ca = TestPki.authority("Pebble API Test CA");
        TestPki.Issued api = TestPki.leaf(ca, Duration.ofDays(7), "localhost");
        Files.writeString(dir.resolve("api.crt"), api.chainPem());
        Files.writeString(dir.resolve("api.key"), api.keyPem());
        trustBundle = dir.resolve("trust.pem");
        Files.writeString(trustBundle, ca.chainPem());
        dnsPort = freePort();
        dnsManagementPort = freePort();
        port = freePort();
        log = dir.resolve("pebble.log");
    }

    /** @param httpPort where pebble sends HTTP-01 validation requests (the edge's plain listener) */
    Pebble start(int httpPort) throws Exception {
        int managementPort = freePort();
        Files.writeString(dir.resolve("pebble.json"), """
                {"pebble": {"listenAddress": "127.0.0.1:%d", "managementListenAddress": "127.0.0.1:%d",
                  "certificate": "%s", "privateKey": "%s", "httpPort": %d, "tlsPort": %d,
                  "ocspResponderURL": "", "externalAccountBindingRequired": false}}"""
                .formatted(port, managementPort, dir.resolve("api.crt"), dir.resolve("api.key"), httpPort, freePort()));
        dns = new ProcessBuilder(List.of(DNS_BINARY.toString(), "-dns01", "127.0.0.1:" + dnsPort, "-http01", "",
                "-https01", "", "-tlsalpn01", "", "-management", "127.0.0.1:" + dnsManagementPort,
                "-defaultIPv4", "127.0.0.1", "-defaultIPv6", ""))
                .redirectErrorStream(true).redirectOutput(dir.resolve("challtestsrv.log").toFile()).start();
        ProcessBuilder pb = new ProcessBuilder(List.of(BINARY.toString(), "-config",
                dir.resolve("pebble.json").toString(), "-dnsserver", "127.0.0.1:" + dnsPort))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // Validate at once, for real (never "always valid"), and never reject a nonce at random.
        pb.environment().put("PEBBLE_VA_NOSLEEP", "1");
        pb.environment().put("PEBBLE_VA_ALWAYS_VALID", "0");
        pb.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
        pebble = pb.start();
        awaitListening(port);
        awaitListening(dnsManagementPort);
        return this;
    }

    /** The ACME directory URL. */
    String directory() {
        return "https://localhost:" + port + "/dir";
    }

    Path trustBundle() {
        return trustBundle;
    }

    /** Makes {@code host} resolve to {@code address} (A record) in the DNS pebble uses. */
    void aRecord(String host, String address) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + dnsManagementPort + "/add-a"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"host\":\"" + host + "\",\"addresses\":[\"" + address + "\"]}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("challtestsrv refused the A record: " + r.statusCode() + " " + r.body());
        }
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (pebble != null) {
            pebble.destroy();
        }
        if (dns != null) {
            dns.destroy();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitListening(int p) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", p), 200);
                return;
            } catch (IOException e) {
                if (!pebble.isAlive() || !dns.isAlive()) {
                    throw new IllegalStateException("pebble exited: " + log());
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("pebble did not listen on " + p + " within 20 s: " + log());
    }
}
