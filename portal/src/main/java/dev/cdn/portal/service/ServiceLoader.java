package dev.cdn.portal.service;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import dev.cdn.portal.api.PlatformApiClient;

/**
 * Loads a {@link ServiceState} in three calls (service, versions, newest version). Another tenant's id is the
 * API's 404, which the shared advice turns into the "not found" page.
 */
@Component
class ServiceLoader {

    private final PlatformApiClient api;

    ServiceLoader(PlatformApiClient api) {
        this.api = api;
    }

    Mono<ServiceState> load(String token, String serviceId) {
        return api.getService(token, serviceId).flatMap(service -> api.listVersions(token, serviceId)
                .flatMap(versions -> api.getVersion(token, serviceId, service.latestVersion())
                        .map(version -> new ServiceState(service, versions, version))));
    }
}
