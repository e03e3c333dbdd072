package dev.cdn.api.logs;

import dev.cdn.api.error.Validation;
import dev.cdn.api.security.EdgePrincipal;
import dev.cdn.config.AccessRecord;
import dev.cdn.config.AccessRecordBatch;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Takes the access records edges ship (docs/control-channel.md, "Access records") and hands them to the hub. */
@RestController
class EdgeLogController {

    static final int MAX_BATCH = 1_000;

    private final LiveLogHub hub;

    EdgeLogController(LiveLogHub hub) {
        this.hub = hub;
    }

    @PostMapping("/v1/edge/logs")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> ingest(@AuthenticationPrincipal EdgePrincipal edge, @RequestBody AccessRecordBatch batch) {
        validate(batch);
        hub.publish(batch.records(), batch.dropped());
        return Mono.empty();
    }

    /** Checks the whole batch before any of it is published. */
    static void validate(AccessRecordBatch batch) {
        Validation v = new Validation();
        List<AccessRecord> records = batch.records();
        v.require(records.size() <= MAX_BATCH, "records", "at most " + MAX_BATCH + " records per batch");
        v.require(batch.dropped() >= 0, "dropped", "must not be negative");
        for (int i = 0; i < records.size() && v.ok(); i++) {
            AccessRecord r = records.get(i);
            String at = "records[" + i + "].";
            v.require(r.time() != null, at + "time", "must be an instant");
            v.require(r.serviceId() != null && !r.serviceId().isBlank(), at + "serviceId", "is required");
            v.require(r.status() >= 100 && r.status() <= 599, at + "status", "must be an HTTP status code");
            v.require(r.bytes() >= 0, at + "bytes", "must not be negative");
            v.require(r.method() != null && r.method().length() <= 32, at + "method", "is required (at most 32 characters)");
            v.require(r.url() != null && r.url().length() <= 8192, at + "url", "is required (at most 8192 characters)");
            v.require(r.cacheStatus() != null && LogFilter.CACHE_STATUSES.contains(r.cacheStatus()), at + "cacheStatus",
                    "must be one of " + LogFilter.CACHE_STATUSES);
            v.require(r.originMillis() == null || r.originMillis() >= 0, at + "originMillis", "must not be negative");
        }
        v.throwIfInvalid();
    }
}
