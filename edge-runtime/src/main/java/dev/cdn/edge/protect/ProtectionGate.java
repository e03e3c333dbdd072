package dev.cdn.edge.protect;

import dev.cdn.config.Protection;

/**
 * One service's protection compiled for the request path: each configured protection built once (keys
 * initialised, globs compiled), then asked in a fixed order for every request. A service without protection gets
 * {@link #OPEN}, which costs a request one branch.
 */
public final class ProtectionGate {

    public static final ProtectionGate OPEN = new ProtectionGate(null);

    private final SignedUrlCheck signedUrls;

    private ProtectionGate(SignedUrlCheck signedUrls) {
        this.signedUrls = signedUrls;
    }

    /** Compiles a validated protection config. */
    public static ProtectionGate compile(Protection p) {
        if (p == null || p.equals(Protection.NONE)) {
            return OPEN;
        }
        return new ProtectionGate(p.signedUrls() == null ? null : new SignedUrlCheck(p.signedUrls()));
    }

    /** True when nothing is configured: the request path skips building a {@link ProtectedRequest}. */
    public boolean open() {
        return this == OPEN;
    }

    /** Decides one request; pure apart from the rate limiters' counts. */
    public Verdict check(ProtectedRequest r) {
        String query = r.rawQuery();
        if (signedUrls != null) {
            Refusal refusal = signedUrls.check(r);
            if (refusal != null) {
                return Verdict.refuse(refusal);
            }
            query = signedUrls.strip(query);
        }
        return Verdict.allow(query);
    }
}
