package dev.cdn.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A service's secrets as its nodes need them: the origin-authentication header the node that fetches from the origin
 * adds, and the SHA-256 of the debug token that unlocks debug response headers. The control plane keeps them outside
 * the service's versions (tenants set them through their own write-only routes) and adds them only to the configs
 * it pushes to nodes. {@link #toString()} shows neither secret.
 *
 * @param originAuth       the origin-authentication header; null: none
 * @param debugTokenSha256 lower-case hex SHA-256 of the debug token; null: no debug token
 */
public record ServiceSecrets(OriginAuth originAuth, String debugTokenSha256) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public boolean hasNone() {
        return originAuth == null && debugTokenSha256 == null;
    }

    @Override
    public String toString() {
        return "ServiceSecrets[originAuth=" + originAuth + ", debugToken=" + (debugTokenSha256 == null ? "none" : "set")
                + "]";
    }

    /** Every problem, located under {@code at} (e.g. {@code settings.secrets.}). */
    public List<Violation> check(String at) {
        List<Violation> out = new ArrayList<>();
        if (originAuth != null) {
            out.addAll(OriginAuth.check(originAuth.header(), originAuth.value(), at + "originAuth."));
        }
        if (debugTokenSha256 != null && !SHA256_HEX.matcher(debugTokenSha256).matches()) {
            out.add(new Violation(at + "debugTokenSha256", "must be 64 lower-case hex digits"));
        }
        return out;
    }
}
