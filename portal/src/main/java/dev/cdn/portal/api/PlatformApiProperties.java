package dev.cdn.portal.api;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where platform-api lives and how long the portal waits for it.
 *
 * @param baseUrl         root of the API, without the {@code /v1} prefix
 * @param connectTimeout  how long to wait for a TCP connection before calling the API unreachable
 * @param responseTimeout how long to wait for a response before calling the API unreachable
 */
@ConfigurationProperties("cdn.api")
public record PlatformApiProperties(
        @DefaultValue("http://127.0.0.1:8080") URI baseUrl,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("10s") Duration responseTimeout) {
}
