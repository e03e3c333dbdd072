package dev.cdn.api.publish;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Wakes every connected edge stream when new events were committed on this replica. Streams also poll the
 * log every second, so events committed by another replica still arrive (LISTEN/NOTIFY can cut that delay).
 */
@Component
class EdgeEventHub {

    private final Sinks.Many<Long> signals = Sinks.many().multicast().directBestEffort();

    void announce() {
        signals.tryEmitNext(System.nanoTime());
    }

    Flux<Long> signals() {
        return signals.asFlux();
    }
}
