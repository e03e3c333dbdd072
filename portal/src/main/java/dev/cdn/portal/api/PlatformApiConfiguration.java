package dev.cdn.portal.api;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the single {@link PlatformApiClient} from {@code cdn.api.*} properties. */
@Configuration(proxyBeanMethods = false)
class PlatformApiConfiguration {

    @Bean
    PlatformApiClient platformApiClient(PlatformApiProperties properties) {
        return new PlatformApiClient(properties);
    }
}
