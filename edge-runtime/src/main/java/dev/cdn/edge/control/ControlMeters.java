package dev.cdn.edge.control;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/** The control channel's meters: messages from the control plane this node refused (docs/edge.md, "The wire contract"). */
public final class ControlMeters {

    private ControlMeters() {
    }

    public static void register(MeterRegistry registry, EventApplier applier) {
        FunctionCounter.builder("edge.control.refused", applier, EventApplier::refusedMessages)
                .description("Control-channel lines refused: not an event, an unknown kind of event, or one missing "
                        + "what it needs to apply (logged, and NACKed when its sequence could be read)")
                .register(registry);
    }
}
