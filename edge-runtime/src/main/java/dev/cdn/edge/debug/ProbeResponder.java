package dev.cdn.edge.debug;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.UrlProbe;
import dev.cdn.config.UrlProbeAnswer;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers the URL debugger's probes that arrive on the event stream: traces the URL and posts the answer to
 * {@code POST /v1/edge/probes}, authenticated like the node's other control-channel requests. A probe is answered
 * once, at once; an answer that cannot be delivered is dropped (the debugger reports the node as not answering).
 */
public final class ProbeResponder {

    private static final Logger log = LoggerFactory.getLogger(ProbeResponder.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Function<UrlProbe, UrlProbeAnswer> tracer;
    private final HttpClient client;

    public ProbeResponder(Function<UrlProbe, UrlProbeAnswer> tracer, String controlPlane, String edgeToken,
                          String nodeId) {
        this.tracer = tracer;
        this.client = HttpClient.create()
                .baseUrl(controlPlane.replaceAll("/+$", ""))
                .responseTimeout(Duration.ofSeconds(5))
                .headers(h -> h.set("Authorization", "Bearer " + edgeToken)
                        .set("X-Edge-Id", nodeId)
                        .set("Content-Type", "application/json"));
    }

    /** True for a probe line of the event stream (anything else is an event). */
    public static boolean isProbe(String line) {
        return line.startsWith(UrlProbe.LINE_PREFIX);
    }

    /** Traces the probe of one line and sends the answer; never throws (a bad probe is logged and ignored). */
    public void answer(String line) {
        UrlProbe probe;
        try {
            probe = JSON.readValue(line, UrlProbe.Line.class).probe();
        } catch (RuntimeException e) {
            log.warn("ignoring an unreadable URL probe: {}", e.toString());
            return;
        }
        if (probe == null || probe.id() == null || probe.url() == null) {
            return;
        }
        UrlProbeAnswer answer;
        try {
            answer = tracer.apply(probe);
        } catch (RuntimeException e) {
            answer = UrlProbeAnswer.failed(probe.id(), null, null, "tracing failed: " + e);
        }
        byte[] body = ConfigCodec.writeBytes(answer);
        client.post().uri("/v1/edge/probes")
                .send(Mono.just(Unpooled.wrappedBuffer(body)))
                .responseSingle((res, content) -> content.asString().defaultIfEmpty("")
                        .map(text -> res.status().code() / 100 == 2 ? "" : res.status().code() + " " + text))
                .subscribe(refusal -> {
                    if (!refusal.isEmpty()) {
                        log.warn("probe answer refused: {}", refusal);
                    }
                }, e -> log.warn("probe answer not delivered: {}", e.toString()));
    }
}
