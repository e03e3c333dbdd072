package dev.cdn.api.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A real HTTP receiver of webhooks on 127.0.0.1: records every delivery (headers and exact body bytes) and answers
 * the statuses the test queued, then 200.
 */
final class WebhookReceiver implements AutoCloseable {

    record Delivery(Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Queue<Integer> answers = new ConcurrentLinkedQueue<>();
    private final DisposableServer server;

    WebhookReceiver() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((req, res) -> req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                        .flatMap(body -> {
                            deliveries.add(new Delivery(req.requestHeaders().entries().stream().collect(
                                    Collectors.toMap(e -> e.getKey().toLowerCase(java.util.Locale.ROOT),
                                            Map.Entry::getValue, (a, b) -> a)), body));
                            Integer status = answers.poll();
                            return res.status(status == null ? 200 : status).send().then();
                        }))
                .bindNow();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    void answerNext(int... statuses) {
        for (int s : statuses) {
            answers.add(s);
        }
    }

    List<Delivery> deliveries() {
        return new ArrayList<>(deliveries);
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
