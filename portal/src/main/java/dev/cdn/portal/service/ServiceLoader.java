package dev.cdn.portal.service;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import dev.cdn.portal.api.ServicesClient;
import dev.cdn.portal.api.VersionsClient;

/**
 * Loads a {@link ServiceState} in three calls (service, versions, newest version). Another tenant's id is the
 * API's 404, which the shared advice turns into the "not found" page.
 */
@Component
class ServiceLoader {

    private final ServicesClient servicesApi;
    private final VersionsClient versionsApi;

    ServiceLoader(ServicesClient servicesApi, VersionsClient versionsApi) {
        this.servicesApi = servicesApi;
        this.versionsApi = versionsApi;
    }

    Mono<ServiceState> load(String token, String serviceId) {
        return servicesApi.getService(token, serviceId).flatMap(service -> versionsApi.listVersions(token, serviceId)
                .flatMap(versions -> versionsApi.getVersion(token, serviceId, service.latestVersion())
                        .map(version -> new ServiceState(service, versions, version))));
    }
}
