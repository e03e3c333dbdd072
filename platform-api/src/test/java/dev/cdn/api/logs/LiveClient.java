package dev.cdn.api.logs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads an NDJSON stream of the API over a real socket, collecting its lines as they arrive. */
final class LiveClient implements AutoCloseable {

    final List<JsonNode> lines = new CopyOnWriteArrayList<>();
    volatile int status;
    private final StringBuilder partial = new StringBuilder();
    private final Disposable connection;

    LiveClient(int port, String token, String uri) {
        connection = HttpClient.create().headers(h -> h.set("Authorization", "Bearer " + token))
                .get().uri("http://127.0.0.1:" + port + uri)
                .response((res, body) -> {
                    status = res.status().code();
                    return body.asString(StandardCharsets.UTF_8);
                })
                .subscribe(this::feed);
    }

    private synchronized void feed(String chunk) {
        partial.append(chunk);
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
            String line = partial.substring(0, nl);
            partial.delete(0, nl + 1);
            if (!line.isBlank()) {
                lines.add(JsonMapper.shared().readTree(line));
            }
        }
    }

    List<JsonNode> records() {
        return lines.stream().filter(n -> !n.has("stream")).toList();
    }

    List<JsonNode> streamLines() {
        return lines.stream().filter(n -> n.has("stream")).map(n -> n.get("stream")).toList();
    }

    /** Waits for the stream's first line: from then on it receives every record published. */
    LiveClient awaitOpen() throws InterruptedException {
        until(() -> !lines.isEmpty() || status >= 400);
        return this;
    }

    static void until(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        connection.dispose();
    }
}
