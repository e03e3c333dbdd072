package dev.cdn.api.publish;

import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Ends the long-lived streams (the edges' events out and acks in, tenants' live logs) when the application starts closing, so the graceful
 * shutdown that follows has only short requests to wait for and the process stops in moments instead of after the
 * whole graceful bound. The context publishes {@link ContextClosedEvent} before it stops the web server; the edges
 * reconnect (to another replica, or to this one once it is back) and resume from the last sequence they applied.
 */
@Component
public class StreamsEndAtShutdown implements ApplicationListener<ContextClosedEvent> {

    private final Sinks.Empty<Void> closing = Sinks.empty();

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        closing.tryEmitEmpty();
    }

    /** Completes when the application starts closing. */
    public Mono<Void> closing() {
        return closing.asMono();
    }
}
