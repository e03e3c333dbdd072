package dev.cdn.edge.upstream;

/** Where origin health and failovers are recorded (metrics); the upstream package never sees the registry. */
public interface HealthRecorder {

    /** Records nothing. */
    HealthRecorder NONE = new HealthRecorder() {
    };

    /** An origin is tracked from now on (register its gauges). */
    default void tracked(OriginHealth health) {
    }

    /** An origin left the config or changed address (remove its gauges). */
    default void forgotten(OriginHealth health) {
    }

    /** A request could not connect to {@code origin} and goes to the next candidate of its pool. */
    default void failover(String serviceId, String origin) {
    }

    /** An active check of {@code origin} passed or failed. */
    default void checked(String serviceId, String origin, boolean passed) {
    }
}
