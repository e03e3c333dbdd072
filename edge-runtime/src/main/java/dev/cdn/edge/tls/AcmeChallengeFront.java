package dev.cdn.edge.tls;

import io.netty.handler.codec.http.HttpMethod;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Answers ACME HTTP-01 validation requests (RFC 8555 8.3) on the plain HTTP listener before the request reaches the
 * cache: {@code GET /.well-known/acme-challenge/<token>} for a host and token the control plane sent is answered
 * {@code 200 text/plain} with the key authorization. Anything else, unknown tokens included, goes on to the
 * service as usual (a tenant may answer its own challenges from its origin).
 */
public final class AcmeChallengeFront {

    private AcmeChallengeFront() {
    }

    public static BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> wrap(
            AcmeChallengeAnswers answers,
            BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> next) {
        return (req, res) -> {
            String uri = req.uri();
            if (uri.indexOf('%') < 0 && !uri.contains(AcmeChallengeAnswers.PATH_PREFIX)) {
                // Every request passes here: a target that cannot hold the prefix (req.path() is the decoded path,
                // so one with percent-encoding may) skips req.path(), which parses it into a java.net.URI each time.
                return next.apply(req, res);
            }
            String path = req.path() == null ? "" : "/" + req.path();
            if (!path.startsWith(AcmeChallengeAnswers.PATH_PREFIX)
                    || !(req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.HEAD))) {
                return next.apply(req, res);
            }
            String token = path.substring(AcmeChallengeAnswers.PATH_PREFIX.length());
            String answer = answers.answer(hostOf(req.requestHeaders().get("Host")), token);
            if (answer == null) {
                return next.apply(req, res);
            }
            return res.status(200).header("Content-Type", "text/plain").header("Cache-Control", "no-store")
                    .sendString(Mono.just(answer));
        };
    }

    private static String hostOf(String hostField) {
        if (hostField == null) {
            return null;
        }
        // host[:port], or [v6]:port (no ACME name is an address literal, so a bracket never matches a token).
        int colon = hostField.lastIndexOf(':');
        return colon > 0 && hostField.indexOf(']') < colon ? hostField.substring(0, colon) : hostField;
    }
}
