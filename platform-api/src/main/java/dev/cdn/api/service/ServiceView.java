package dev.cdn.api.service;

import dev.cdn.config.ServiceConfig;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Response bodies of the service endpoints. */
final class ServiceView {

    private ServiceView() {
    }

    /** {@code etag} is the value of the {@code ETag} header the service is served with. */
    record Service(UUID id, String name, List<String> domains, Integer activeVersion, int latestVersion,
                   Instant createdAt, Instant updatedAt, String etag) {
    }

    /**
     * {@code note} is what changed and why, as its author wrote it (null: none); {@code etag} is the value of the
     * {@code ETag} header the version is served with.
     */
    record Version(int number, String state, Instant createdAt, Instant activatedAt, String note, ServiceConfig config,
                   String etag) {
    }
}
