package dev.cdn.portal.service;

import java.util.List;
import java.util.Optional;

import dev.cdn.portal.api.ServiceSummary;
import dev.cdn.portal.api.ServiceVersion;
import dev.cdn.portal.api.VersionSummary;

/**
 * What a service page shows: the service, its versions, and the version on screen, which is the newest one.
 * Only a draft can change; when the newest version is active (or was), the page offers to clone it.
 *
 * @param version the newest version with its whole configuration
 */
public record ServiceState(ServiceSummary service, List<VersionSummary> versions, ServiceVersion version) {

    public boolean editable() {
        return version.isDraft();
    }

    public Optional<VersionSummary> active() {
        return versions.stream().filter(VersionSummary::isActive).findFirst();
    }

    /** The newest draft, if any: what the versions page offers to validate, diff and activate. */
    public Optional<VersionSummary> draft() {
        return versions.stream().filter(VersionSummary::isDraft)
                .max(java.util.Comparator.comparingInt(VersionSummary::number));
    }

    public String id() {
        return service.id();
    }
}
