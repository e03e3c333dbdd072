package dev.cdn.edge.protect;

import dev.cdn.config.SignedUrls;
import dev.cdn.config.SigningKey;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A service's signed-URL settings compiled once: path globs, and an initialised HMAC per key id. Checks one
 * request's token and removes the token parameter from its query, so neither the cache key nor the origin sees it
 * (every visitor's token differs; keyed on it, nothing would ever be a hit).
 */
final class SignedUrlCheck {

    private final String parameter;
    private final String cookie;
    private final PathScope paths;
    private final Map<String, Hmac> keys;

    SignedUrlCheck(SignedUrls config) {
        this.parameter = config.parameter();
        this.cookie = config.cookie();
        this.paths = new PathScope(config.paths());
        Map<String, Hmac> byId = new HashMap<>();
        for (SigningKey k : config.keys()) {
            byId.put(k.id(), Hmac.of(SigningKey.bytes(k.secret())));
        }
        this.keys = Map.copyOf(byId);
    }

    /** The query without the token parameter, whether or not this path needs a token. */
    String strip(String rawQuery) {
        return QueryParameters.remove(rawQuery, parameter);
    }

    /** Why the request is refused, or null when it needs no token or carries a good one. */
    Refusal check(ProtectedRequest r) {
        if (!paths.covers(r.path())) {
            return null;
        }
        String text = token(r);
        if (text == null) {
            return Refusal.TOKEN_MISSING;
        }
        Optional<SignedUrlToken> parsed = SignedUrlToken.parse(text);
        if (parsed.isEmpty()) {
            return Refusal.TOKEN_MALFORMED;
        }
        SignedUrlToken token = parsed.get();
        Hmac key = keys.get(token.keyId());
        if (key == null) {
            return Refusal.TOKEN_UNKNOWN_KEY;
        }
        // The signature first: nothing about an unsigned token (its expiry, its binding) is worth reporting.
        if (!key.verify(token.message(r.path()).getBytes(StandardCharsets.UTF_8), token.signature())) {
            return Refusal.TOKEN_BAD_SIGNATURE;
        }
        if (r.nowMillis() / 1000 >= token.expires()) {
            return Refusal.TOKEN_EXPIRED;
        }
        if (token.wrongAddress(r.client())) {
            return Refusal.TOKEN_WRONG_ADDRESS;
        }
        if (token.wrongPath(r.path())) {
            return Refusal.TOKEN_WRONG_PATH;
        }
        return null;
    }


    /** The token from the query parameter, else from the cookie; "" (malformed) when the parameter is repeated. */
    private String token(ProtectedRequest r) {
        List<String> values = QueryParameters.values(r.rawQuery(), parameter);
        if (values.size() > 1) {
            return ""; // two tokens: which one the origin or a log reads would be anybody's guess
        }
        if (values.size() == 1) {
            return percentDecode(values.get(0));
        }
        if (cookie != null) {
            String header = r.headers().get("Cookie");
            if (header != null) {
                for (Cookie c : ServerCookieDecoder.LAX.decodeAll(header)) {
                    if (c.name().equals(cookie)) {
                        return percentDecode(c.value());
                    }
                }
            }
        }
        return null;
    }

    /** Decodes %XX (a signer's URL library may encode '~', ':' or '/'); '+' stays '+'. Bad escapes stay as sent. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
            int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
            if (c == '%' && hi >= 0 && lo >= 0) {
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
