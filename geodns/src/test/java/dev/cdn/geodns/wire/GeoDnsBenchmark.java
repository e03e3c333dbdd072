package dev.cdn.geodns.wire;

import dev.cdn.geodns.choice.ChoiceSettings;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The measured run of docs/routing.md, "Client routing: GeoDNS" (opt in with {@code -Dcdn.bench=true}): A queries
 * with ECS rotating over the sample networks, over UDP on loopback, from 1 and from 4 clients each waiting for its
 * answer; the server with the default exploration. Prints latency percentiles and queries per second. With
 * {@code -Dcdn.bench.target=HOST:PORT} the same client measures another server instead (the peer of the run).
 */
@EnabledIfSystemProperty(named = "cdn.bench", matches = "true")
class GeoDnsBenchmark {

    static final String[] NETWORKS = {"10.1.7.0", "10.2.9.0", "10.2.5.0", "10.3.1.0", "10.4.1.0", "10.5.1.0", "10.6.1.0", "192.168.1.0"};

    @Test
    void udpQueries() throws Exception {
        try (ResponderFixture dns = ResponderFixture.samples(ChoiceSettings.DEFAULTS)) {
            List<byte[]> queries = new ArrayList<>();
            for (String n : NETWORKS) {
                Message q = Message.newQuery(Record.newRecord(Name.fromString(ResponderFixture.HOST + "."), Type.A, DClass.IN));
                q.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(24, InetAddress.getByName(n)))), Section.ADDITIONAL);
                queries.add(q.toWire());
            }
            String target = System.getProperty("cdn.bench.target");
            InetSocketAddress server = target == null ? dns.address()
                    : new InetSocketAddress(target.substring(0, target.lastIndexOf(':')), Integer.parseInt(target.substring(target.lastIndexOf(':') + 1)));
            System.out.println("server: " + (target == null ? "geodns" : target));
            run(server, queries, 1, 5_000); // warm-up
            for (int round = 1; round <= 3; round++) {
                for (int clients : new int[] {1, 4}) {
                    long[] lat = run(server, queries, clients, 20_000 / clients);
                    System.out.printf("round %d clients %d: %d queries, %.0f q/s, p50 %.1f us, p99 %.1f us, max %.1f us%n",
                            round, clients, lat.length - 1, lat[lat.length - 1] == 0 ? 0 : (lat.length - 1) / (lat[lat.length - 1] / 1e9),
                            pct(lat, 0.50), pct(lat, 0.99), pct(lat, 1.0));
                }
            }
        }
    }

    /** Latencies in ns, sorted, with the wall time of the run appended last. */
    static long[] run(InetSocketAddress server, List<byte[]> queries, int clients, int perClient) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<long[]>> parts = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int offset = c;
            parts.add(pool.submit(() -> {
                long[] lat = new long[perClient];
                try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                    s.setSoTimeout(2_000);
                    byte[] buf = new byte[1_500];
                    for (int i = 0; i < perClient; i++) {
                        byte[] q = queries.get((i + offset) % queries.size());
                        long t0 = System.nanoTime();
                        s.send(new DatagramPacket(q, q.length, server));
                        s.receive(new DatagramPacket(buf, buf.length));
                        lat[i] = System.nanoTime() - t0;
                    }
                }
                return lat;
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : parts) {
            all.add(f.get());
        }
        long wall = System.nanoTime() - start;
        pool.shutdown();
        long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        long[] out = Arrays.copyOf(merged, merged.length + 1);
        out[merged.length] = wall;
        return out;
    }

    static double pct(long[] withWall, double p) {
        int n = withWall.length - 1;
        return withWall[Math.min(n - 1, (int) Math.ceil(p * n) - 1)] / 1_000.0;
    }
}
