package dev.cdn.portal.api;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/** platform-api's calls on the tenant's API tokens: list, create (the secret answered once), revoke. */
@Component
public class TokensClient {

    private final PlatformApiTransport api;
    private final WebClient http;

    TokensClient(PlatformApiTransport api) {
        this.api = api;
        this.http = api.http();
    }

    public Mono<List<ApiToken>> listTokens(String token) {
        return api.call("GET /v1/tokens", token, http.get().uri("/v1/tokens"),
                new ParameterizedTypeReference<Items<ApiToken>>() { }).map(Items::items);
    }

    public Mono<CreatedToken> createToken(String token, TokenRequest request) {
        return api.call("POST /v1/tokens", token, http.post().uri("/v1/tokens").bodyValue(request),
                CreatedToken.class);
    }

    public Mono<Void> revokeToken(String token, String tokenId) {
        return api.call("DELETE /v1/tokens/{id}", token, http.delete().uri("/v1/tokens/{id}", tokenId));
    }
}
