package dev.cdn.e2e;

import java.time.Duration;
import reactor.netty.http.client.HttpClient;

/** Reads one value from an edge's admin {@code /metrics} (Prometheus text), in-process node or process of its own. */
final class AdminMetrics {

    private AdminMetrics() {
    }

    /** The first sample of the metric, 0 when it is absent or the admin listener does not answer. */
    static long value(int adminPort, String adminToken, String metric) {
        String metrics = HttpClient.create()
                .headers(h -> h.set("Authorization", "Bearer " + adminToken))
                .get().uri("http://127.0.0.1:" + adminPort + "/metrics")
                .responseContent().aggregate().asString()
                .onErrorResume(e -> reactor.core.publisher.Mono.empty())
                .block(Duration.ofSeconds(10));
        if (metrics == null) {
            return 0;
        }
        for (String line : metrics.split("\n")) {
            if (line.startsWith(metric + " ") || line.startsWith(metric + "{")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
