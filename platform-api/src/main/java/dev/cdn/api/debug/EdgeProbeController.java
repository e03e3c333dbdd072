package dev.cdn.api.debug;

import dev.cdn.api.error.ApiException;
import dev.cdn.api.error.Validation;
import dev.cdn.api.security.EdgePrincipal;
import dev.cdn.config.ConfigCodec;
import dev.cdn.config.UrlProbeAnswer;
import io.r2dbc.postgresql.codec.Json;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Takes nodes' answers to URL probes. An answer is stored only for a probe made in the last minute, once per node,
 * under the node id its credential presented (never the one in the body).
 */
@RestController
class EdgeProbeController {

    private final DatabaseClient db;

    EdgeProbeController(DatabaseClient db) {
        this.db = db;
    }

    @PostMapping("/v1/edge/probes")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> answer(@AuthenticationPrincipal EdgePrincipal edge, @RequestBody UrlProbeAnswer answer) {
        new Validation()
                .require(answer.probeId() != null && Validation.isUuid(answer.probeId()), "probeId", "must be a probe id")
                .require(answer.headers().size() <= 200, "headers", "at most 200 headers")
                .throwIfInvalid();
        UrlProbeAnswer stored = new UrlProbeAnswer(answer.probeId(), edge.nodeId(), answer.role(), answer.error(),
                answer.configVersion(), answer.rule(), answer.cacheKey(), answer.bypass(), answer.upstream(),
                answer.inMemory(), answer.onDisk(), answer.status(), answer.ageSeconds(), answer.ttlSeconds(),
                answer.cacheStatus(), answer.headers());
        return db.sql("""
                        INSERT INTO url_probe_answers (probe_id, node_id, answer)
                        SELECT :probe, :node, :answer WHERE EXISTS (
                            SELECT 1 FROM url_probes WHERE id = :probe AND created_at > now() - interval '1 minute')
                        ON CONFLICT (probe_id, node_id) DO NOTHING""")
                .bind("probe", UUID.fromString(answer.probeId())).bind("node", edge.nodeId())
                .bind("answer", Json.of(ConfigCodec.write(stored)))
                .fetch().rowsUpdated()
                .flatMap(n -> n == 0 ? Mono.error(ApiException.notFound("probe " + answer.probeId())) : Mono.empty());
    }
}
