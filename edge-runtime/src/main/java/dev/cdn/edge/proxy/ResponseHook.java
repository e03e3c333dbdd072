package dev.cdn.edge.proxy;

import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Mono;

/** Work to finish once an upstream's answer to a passed request is known, before it is relayed to the client. */
@FunctionalInterface
interface ResponseHook {

    Mono<Void> afterHeaders(HttpHeaders response, int status);
}
