package dev.cdn.api.publish;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Wakes every connected edge stream of this replica when new events were committed: after a commit on this
 * replica, and on the LISTEN notification every commit (on any replica) sends. A signal carries the sequence
 * that was committed, so that a stream which already sent it skips the second signal of the same commit, and a
 * stream can be served from what the replica has already read (see {@link SharedEventReader}).
 */
@Component
class EdgeEventHub {

    /** A signal that names no sequence: something may have been committed, read the log to find out. */
    static final long UNKNOWN = Long.MAX_VALUE;

    private final Sinks.Many<Long> signals = Sinks.many().multicast().directBestEffort();

    /** Events up to {@code seq} were committed. */
    void announce(long seq) {
        // Commits on this replica and notifications may announce at the same moment from two threads. The sink
        // refuses concurrent emissions, and a refused signal would leave streams asleep until their next poll, so
        // retry: the other emission only hands its signal to the streams and is short.
        while (signals.tryEmitNext(seq) == Sinks.EmitResult.FAIL_NON_SERIALIZED) {
            Thread.onSpinWait();
        }
    }

    /** Something may have been committed (a sequence number is not at hand). */
    void announce() {
        announce(UNKNOWN);
    }

    Flux<Long> signals() {
        return signals.asFlux();
    }
}
