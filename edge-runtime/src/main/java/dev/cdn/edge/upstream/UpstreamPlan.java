package dev.cdn.edge.upstream;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The upstreams one request may try, in order: for a shielded miss the shield chain ({@link ShieldTier}) and then,
 * unless the edge's {@link ShieldDownPolicy} says fail, the origins; otherwise the origin chosen by weight, then the
 * rest of its pool in failover order. {@link #run} sends the request to the first and, when {@link Failover} allows,
 * repeats it on the next after a failure to connect: at most once per candidate.
 */
public final class UpstreamPlan {

    private static final Logger log = LoggerFactory.getLogger(UpstreamPlan.class);

    private final String serviceId;
    private final List<UpstreamTarget> candidates;
    private final HealthRecorder recorder;
    private final boolean shieldDown;

    UpstreamPlan(String serviceId, List<UpstreamTarget> candidates, HealthRecorder recorder) {
        this(serviceId, candidates, recorder, false);
    }

    /**
     * @param shieldDown every shield is down and the policy says fail: nothing is sent, every run fails at once
     */
    UpstreamPlan(String serviceId, List<UpstreamTarget> candidates, HealthRecorder recorder, boolean shieldDown) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one candidate");
        }
        this.serviceId = serviceId;
        this.candidates = List.copyOf(candidates);
        this.recorder = recorder;
        this.shieldDown = shieldDown;
    }

    public List<UpstreamTarget> candidates() {
        return candidates;
    }

    public UpstreamTarget first() {
        return candidates.get(0);
    }

    /**
     * Runs {@code attempt} against the first candidate; when it fails before a response and {@link Failover}
     * allows, against the next one; otherwise hands the error and the candidate that failed to {@code onFailure}.
     * Real outcomes feed the candidates' passive health.
     */
    public <T> Mono<T> run(String method, Function<UpstreamTarget, Mono<T>> attempt,
                           BiFunction<UpstreamTarget, Throwable, Mono<T>> onFailure) {
        if (shieldDown) {
            return Mono.defer(() -> onFailure.apply(candidates.get(0), new ShieldHealth.Down()));
        }
        return tryAt(0, method, attempt, onFailure);
    }

    private <T> Mono<T> tryAt(int i, String method, Function<UpstreamTarget, Mono<T>> attempt,
                              BiFunction<UpstreamTarget, Throwable, Mono<T>> onFailure) {
        UpstreamTarget target = candidates.get(i);
        UpstreamAttempt a = new UpstreamAttempt(serviceId, target);
        return Mono.defer(() -> attempt.apply(target))
                .contextWrite(c -> c.put(UpstreamAttempt.KEY, a))
                .onErrorResume(err -> {
                    a.exchangeEnded();
                    boolean responded = a.responded();
                    a.failed(err);
                    Failover.Decision d = Failover.decide(method, err, responded, candidates.size() - 1 - i);
                    if (d != Failover.Decision.RETRY_NEXT) {
                        return onFailure.apply(target, err);
                    }
                    UpstreamTarget next = candidates.get(i + 1);
                    if (target.health() != null) {
                        recorder.failover(target.health().serviceId(), target.health().origin().name());
                    }
                    log.debug("{} {} failed ({}), trying {}", method, target.baseUrl(), err.toString(), next.baseUrl());
                    return tryAt(i + 1, method, attempt, onFailure);
                });
    }
}
